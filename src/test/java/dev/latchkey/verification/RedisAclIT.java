package dev.latchkey.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Redis as a careful operator runs it: the default user switched off, and Latchkey's own ACL user
 * limited to its key prefix and to commands that are not dangerous (CONFIG, KEYS, FLUSHALL ...).
 * Two packaged instances work through it, revocation stays exact, and Redis holds their entries.
 */
class RedisAclIT {

    private static final String PASSWORD = "acl-test-password-0123456789";

    @Test
    void instancesRunAsARestrictedAclUser() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer redis = RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1").setting("save \"\"")
                .setting("user default off")
                .setting("user latchkey on >" + PASSWORD + " ~latchkey:* +@all -@dangerous").build();
        redis.start();
        try (ServiceInstances cluster = new ServiceInstances(2, Map.of(
                // the ACL user's credentials go in the URL (Quarkus' separate password setting does
                // not reach a named user's AUTH)
                "QUARKUS_REDIS_HOSTS", "redis://latchkey:" + PASSWORD + "@127.0.0.1:" + port,
                "LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000"))) {
            cluster.awaitRedisState("connected", List.of(0, 1));
            String token = AdminTokens.platformAdmin();
            JsonNode app = cluster.createApplication(token, "Acl");
            String appId = app.get("id").asText();
            String tenant = app.get("tenant_id").asText();
            JsonNode extra = cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                    "{\"name\":\"extra\",\"environment\":\"live\"}", tenant);
            String key = extra.get("secret_key").asText();
            for (int n = 0; n < 2; n++) {
                assertEquals(200, cluster.self(n, key).statusCode());
            }
            assertTrue(dbSize(port) > 0, "the instances keep their shared state in this Redis");

            cluster.admin(token, "DELETE", 1, "/api/v1/applications/" + appId + "/keys/" + extra.get("id").asText(), null, tenant);
            for (int n = 0; n < 2; n++) {
                assertEquals(401, cluster.self(n, key).statusCode(), "instance " + n + " after the revocation");
            }
            cluster.awaitRedisState("connected", List.of(0, 1));
        } finally {
            redis.stop();
        }
    }

    /** DBSIZE as the ACL user, over RESP. */
    private static long dbSize(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("AUTH latchkey " + PASSWORD + "\r\nDBSIZE\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("+OK", in.readLine());
            String size = in.readLine();
            assertTrue(size.startsWith(":"), size);
            return Long.parseLong(size.substring(1));
        }
    }
}
