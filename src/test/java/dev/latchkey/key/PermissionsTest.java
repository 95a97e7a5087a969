package dev.latchkey.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Permissions.Level;
import dev.latchkey.key.Permissions.Resource;
import org.junit.jupiter.api.Test;

class PermissionsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void allIsWriteEverywhereButKeyManagement() {
        Permissions all = Permissions.parse(TextNode.valueOf("all"));
        assertTrue(all.allows(Resource.DATA, Level.WRITE));
        assertTrue(all.allows(Resource.KEYS, Level.READ));
        assertFalse(all.allows(Resource.KEYS, Level.WRITE));
        assertEquals(all.toMap(), Permissions.parse(null).toMap(), "absent means all");
    }

    @Test
    void readOnlyReadsEverythingAndWritesNothing() {
        Permissions readOnly = Permissions.parse(TextNode.valueOf("read_only"));
        for (Resource resource : Resource.values()) {
            assertTrue(readOnly.allows(resource, Level.READ));
            assertFalse(readOnly.allows(resource, Level.WRITE));
        }
    }

    @Test
    void mapGrantsWhatItNamesAndNothingElse() throws Exception {
        Permissions restricted = Permissions.parse(json.readTree("{\"data\":\"write\",\"analytics\":\"read\"}"));
        assertTrue(restricted.allows(Resource.DATA, Level.READ), "write implies read");
        assertTrue(restricted.allows(Resource.ANALYTICS, Level.READ));
        assertFalse(restricted.allows(Resource.ANALYTICS, Level.WRITE));
        assertFalse(restricted.allows(Resource.USERS, Level.READ));
        assertEquals(Map.of("applications", "none", "keys", "none", "data", "write", "users", "none",
                "analytics", "read", "audit", "none"), restricted.toMap());
        assertEquals(restricted.toMap(), Permissions.fromStored(restricted.toMap()).toMap());
    }

    @Test
    void unknownResourcesLevelsAndKeyWriteAreRejected() throws Exception {
        assertThrows(ApiException.class, () -> Permissions.parse(json.readTree("{\"billing\":\"read\"}")));
        assertThrows(ApiException.class, () -> Permissions.parse(json.readTree("{\"data\":\"admin\"}")));
        assertThrows(ApiException.class, () -> Permissions.parse(json.readTree("{\"data\":1}")));
        assertThrows(ApiException.class, () -> Permissions.parse(json.readTree("{\"keys\":\"write\"}")));
        assertThrows(ApiException.class, () -> Permissions.parse(TextNode.valueOf("everything")));
        assertThrows(ApiException.class, () -> Permissions.parse(json.readTree("[\"data\"]")));
    }
}
