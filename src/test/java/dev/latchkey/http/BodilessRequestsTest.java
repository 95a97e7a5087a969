package dev.latchkey.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A POST with no body and no Content-Type, as fetch or curl send one: taken as JSON with no body, never 415. */
@QuarkusTest
class BodilessRequestsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    @Test
    void anOptionalBodyMayBeLeftOutAndARequiredOneIsNamed() throws Exception {
        String pk = Api.createApplication(Api.createTenant()).getString("keys.live.publishable_key");
        String token = EndUsers.signup(pk).getString("token");

        HttpResponse<String> logout = post("api/userAuth/logout", pk, token);
        assertEquals(204, logout.statusCode(), logout.body());
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(base.resolve("api/userAuth/me")).header("x-api-key", pk)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "the session ended");

        HttpResponse<String> refresh = post("api/userAuth/refresh", pk, null);
        assertEquals(400, refresh.statusCode(), refresh.body());
        assertTrue(refresh.body().contains("refresh_token: is required"), refresh.body());
    }

    /** A POST with no body and no Content-Type. */
    private HttpResponse<String> post(String path, String key, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("x-api-key", key).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
