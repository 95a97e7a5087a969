package dev.latchkey.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.Test;

/**
 * A packaged instance listening on both stacks ({@code ::}), called over real connections from
 * 127.0.0.1 and from ::1: an IPv4 client reaches a dual-stack socket as an IPv4-mapped IPv6
 * address and must still be matched as 127.0.0.1; an IPv6 client by its IPv6 address.
 */
class IpAllowlistIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void allowlistsMatchIpv4AndIpv6ClientsOverRealConnections() throws Exception {
        try (ServiceInstances instance = new ServiceInstances(1, Map.of("QUARKUS_HTTP_HOST", "::"))) {
            String token = AdminTokens.platformAdmin();
            String appId = instance.createApplication(token, "Allowlisted").get("id").asText();
            String v4 = key(instance, token, appId, "[\"127.0.0.1\"]");
            String v6 = key(instance, token, appId, "[\"::1/128\"]");
            String ipv4Url = instance.urls().getFirst();
            String ipv6Url = ipv4Url.replace("127.0.0.1", "[::1]");

            assertEquals(200, self(ipv4Url, v4).statusCode());
            assertEquals(403, self(ipv6Url, v4).statusCode());
            assertEquals(200, self(ipv6Url, v6).statusCode());
            HttpResponse<String> refused = self(ipv4Url, v6);
            assertEquals(403, refused.statusCode());
            assertEquals(true, refused.body().contains("\"ip_not_allowed\""), refused.body());
        }
    }

    private static String key(ServiceInstances instance, String token, String appId, String allowlist) throws Exception {
        return instance.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                "{\"name\":\"pinned\",\"environment\":\"live\",\"ip_allowlist\":" + allowlist + "}", null).get("secret_key").asText();
    }

    private static HttpResponse<String> self(String base, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/keys/self")).header("x-api-key", key)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
