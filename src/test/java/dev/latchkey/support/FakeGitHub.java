package dev.latchkey.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A GitHub-shaped OAuth 2 server on loopback for the {@code github} provider: authorize (the user
 * the test queued signs in at once), the token endpoint (checking the client secret and the PKCE
 * verifier), and the API's {@code /user} and {@code /user/emails}. A test queues the next user
 * with {@code POST /test/next-user} and a JSON body {@code {"user": {...}, "emails": [...]}}.
 */
public class FakeGitHub implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_SECRET = "github-client-secret";
    private HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();
    private final Map<String, String[]> codes = new ConcurrentHashMap<>();
    private final Map<String, String[]> tokens = new ConcurrentHashMap<>();
    private volatile String[] next = {"{\"id\": 1, \"login\": \"octocat\"}", "[]"};

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/test/next-user", exchange -> {
            var queued = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exchange.getRequestBody());
            next = new String[] {queued.get("user").toString(), queued.get("emails").toString()};
            answer(exchange, 204, null, null);
        });
        server.createContext("/login/oauth/authorize", exchange -> {
            Map<String, String> query = BrowserTrip.params(exchange.getRequestURI().getRawQuery());
            String code = UUID.randomUUID().toString();
            codes.put(code, new String[] {query.get("code_challenge"), next[0], next[1], query.get("redirect_uri")});
            exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                    + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
            answer(exchange, 302, null, null);
        });
        server.createContext("/login/oauth/access_token", exchange -> {
            Map<String, String> posted = BrowserTrip.params(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String[] issued = codes.remove(posted.getOrDefault("code", ""));
            boolean ok = issued != null && CLIENT_SECRET.equals(posted.get("client_secret"))
                    && issued[0].equals(BrowserTrip.s256(posted.getOrDefault("code_verifier", ""))) && issued[3].equals(posted.get("redirect_uri"));
            if (!ok) {
                answer(exchange, 200, "application/json", "{\"error\": \"bad_verification_code\"}");
                return;
            }
            String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
            tokens.put(token, issued);
            answer(exchange, 200, "application/json", "{\"access_token\": \"" + token + "\", \"token_type\": \"bearer\"}");
        });
        server.createContext("/api/user", exchange -> {
            String[] user = tokens.get(exchange.getRequestHeaders().getFirst("Authorization").replace("Bearer ", ""));
            if (user == null) {
                answer(exchange, 401, "application/json", "{\"message\": \"Bad credentials\"}");
                return;
            }
            boolean emails = exchange.getRequestURI().getPath().endsWith("/emails");
            answer(exchange, 200, "application/json", emails ? user[2] : user[1]);
        });
        // a thread per exchange, as a real server answers calls side by side
        server.setExecutor(executor);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("latchkey.github-url", url, "latchkey.github-api-url", url + "/api");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    /** Writes an answer of a loopback test server; no body when {@code body} is null. */
    static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Where tests reach the fake (its base URL, as the service was told). */
    public static URI base() {
        return URI.create(org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("latchkey.github-url", String.class));
    }
}
