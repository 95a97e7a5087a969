package dev.latchkey.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.Api;
import dev.latchkey.support.FromAddress;
import dev.latchkey.support.MintedSecrets;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Real connections from two loopback addresses: the test profile trusts 127.0.0.2 as a proxy
 * ({@code latchkey.trusted-proxies}), 127.0.0.1 is a client like any other. The address the
 * service settles on is read back from the audit log.
 */
@QuarkusTest
class ClientAddressTest {

    @Test
    void xForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        assertEquals("127.0.0.1", auditedAddressOfAnApplicationCreatedFrom("127.0.0.1", "203.0.113.5"));
    }

    @Test
    void behindTheTrustedProxyTheRightmostUntrustedEntryCounts() throws Exception {
        assertEquals("203.0.113.5", auditedAddressOfAnApplicationCreatedFrom("127.0.0.2", "198.51.100.1, 203.0.113.5"));
        assertEquals("203.0.113.5", auditedAddressOfAnApplicationCreatedFrom("127.0.0.2", "203.0.113.5, 127.0.0.2"));
        assertEquals("127.0.0.2", auditedAddressOfAnApplicationCreatedFrom("127.0.0.2", null));
    }

    private String auditedAddressOfAnApplicationCreatedFrom(String local, String forwardedFor) throws Exception {
        String tenant = Api.createTenant();
        HttpRequest.Builder request = FromAddress.of(local).request("/api/v1/applications")
                .header("Authorization", "Bearer " + MintedSecrets.remember(AdminTokens.tenantAdmin(tenant)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Addressed\"}"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> created = FromAddress.of(local).send(request);
        assertEquals(201, created.statusCode(), created.body());
        Map<?, ?> app = new ObjectMapper().readValue(created.body(), Map.class);
        Map<?, ?> keys = (Map<?, ?>) ((Map<?, ?>) app.get("keys")).get("live");
        MintedSecrets.remember((String) keys.get("secret_key"));
        MintedSecrets.remember((String) ((Map<?, ?>) ((Map<?, ?>) app.get("keys")).get("test")).get("secret_key"));
        List<String> addresses = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + app.get("id") + "/audit-log")
                .then().statusCode(200).extract().jsonPath().getList("data.ip");
        assertEquals(1, addresses.size());
        return addresses.getFirst();
    }
}
