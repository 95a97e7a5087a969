package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

/**
 * Several instances of the packaged service (target/quarkus-app), each a separate JVM on its own
 * port, in the production profile, sharing one PostgreSQL and one Redis started for the test.
 */
public final class ServiceInstances implements AutoCloseable {

    private static final Path RUNNER = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path LOGS = Path.of("target", "instance-logs");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedServersResource servers = new EmbeddedServersResource();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> managementUrls = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final String redisUrl;
    private final String jdbcUrl;

    /**
     * {@code count} instances with budgets far above the tests' pace: suites that test
     * revocation must not meet rate limits. Rate-limit tests pass their own settings.
     */
    public ServiceInstances(int count) throws Exception {
        this(count, Map.of("LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000", "LATCHKEY_RATE_LIMIT_TEST_LIMIT", "1000000"));
    }

    /** {@code count} instances, with extra environment variables (settings) for each. */
    public ServiceInstances(int count, Map<String, String> settings) throws Exception {
        this(count, settings, Map.of());
    }

    /** As above, and settings for some instances only (by index), such as a fault hook. */
    public ServiceInstances(int count, Map<String, String> settings, Map<Integer, Map<String, String>> perInstance) throws Exception {
        if (!Files.exists(RUNNER)) {
            throw new IllegalStateException("Package the service first (./mvnw verify runs this test after packaging)");
        }
        Map<String, String> store = servers.start();
        redisUrl = store.get("quarkus.redis.hosts");
        jdbcUrl = store.get("quarkus.datasource.jdbc.url");
        String java = ProcessHandle.current().info().command().orElse("java");
        // each cluster keeps its own logs, so a scenario's findings survive the next scenario
        String cluster = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
        Files.createDirectories(LOGS);
        for (int i = 0; i < count; i++) {
            int port = freePort();
            int managementPort = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", store.get("quarkus.datasource.jdbc.url"));
            env.put("QUARKUS_DATASOURCE_USERNAME", store.get("quarkus.datasource.username"));
            env.put("QUARKUS_FLYWAY_USERNAME", store.get("quarkus.flyway.username"));
            env.put("QUARKUS_FLYWAY_PASSWORD", store.get("quarkus.flyway.password"));
            env.put("QUARKUS_REDIS_HOSTS", store.get("quarkus.redis.hosts"));
            env.put("MP_JWT_VERIFY_ISSUER", AdminTokens.ISSUER);
            env.put("MP_JWT_VERIFY_AUDIENCES", AdminTokens.AUDIENCE);
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", resource("admin-public.pem"));
            env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", resource("user-token-private.pem"));
            env.put("LATCHKEY_HASH_SECRET", "zDRbnEAySfek4P/hCuXVG085yoYFaVlLmj0rEgJErS4=");
            env.putAll(settings);
            env.putAll(perInstance.getOrDefault(i, Map.of()));
            Path log = LOGS.resolve(cluster + "-instance-" + i + ".log");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", RUNNER.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            processes.add(builder.start());
            urls.add("http://127.0.0.1:" + port);
            managementUrls.add("http://127.0.0.1:" + managementPort);
            logs.add(log);
        }
        for (String url : managementUrls) {
            awaitReady(url);
        }
    }

    /** The shared servers, for outage tests. */
    public EmbeddedServersResource servers() {
        return servers;
    }

    /** Redis stops answering for a while (longer than the instances' timeout). */
    public void stallRedis(double seconds) throws IOException {
        EmbeddedServersResource.stallRedis(seconds, redisUrl);
    }

    /** The shared Redis's port (standalone). */
    public int redisPort() {
        return URI.create(redisUrl).getPort();
    }

    public List<String> urls() {
        return urls;
    }

    /** A new tenant (its id: the name and a unique suffix) and its first application, made through instance 0; the answer. */
    public JsonNode createApplication(String token, String name) throws Exception {
        String tenant = name.toLowerCase(Locale.ROOT).replace(' ', '-') + "-" + System.nanoTime();
        admin(token, "POST", 0, "/api/v1/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"" + name + "\"}", null);
        return admin(token, "POST", 0, "/api/v1/applications", "{\"name\":\"" + name + "\"}", tenant);
    }

    /** The id of an application's default live secret key, read through instance 0. */
    public String liveSecretKeyId(String token, String appId) throws Exception {
        for (JsonNode key : admin(token, "GET", 0, "/api/v1/applications/" + appId + "/keys", null, null).get("data")) {
            if (key.get("type").asText().equals("sk") && key.get("environment").asText().equals("live") && key.get("primary").asBoolean()) {
                return key.get("id").asText();
            }
        }
        throw new AssertionError("no live secret key in application " + appId);
    }

    /** An admin call to one instance, asserted to succeed; its JSON answer (null when empty). */
    public JsonNode admin(String token, String method, int instance, String path, String body, String tenant) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.get(instance) + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            request.header("X-Tenant", tenant);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    /** {@code GET /api/v1/keys/self} with the key on one instance: the whole answer. */
    public HttpResponse<String> self(int instance, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(urls.get(instance) + "/api/v1/keys/self"))
                .header("x-api-key", key).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Each instance's management interface: health, metrics, the OpenAPI document and Swagger UI
     * answer there (the production profile), not on {@link #urls}.
     */
    public List<String> managementUrls() {
        return managementUrls;
    }

    /** A plain GET on one instance's public port. */
    public HttpResponse<String> get(int instance, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(urls.get(instance) + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A plain GET on one instance's management interface ({@code /q/health/ready}, {@code /q/metrics}). */
    public HttpResponse<String> management(int instance, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrls.get(instance) + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The state the instance's readiness check reports for its Redis link: "connected" or "degraded". */
    public String redisState(int instance) throws Exception {
        for (JsonNode check : JSON.readTree(management(instance, "/q/health/ready").body()).get("checks")) {
            if (check.get("name").asText().startsWith("Redis")) {
                return check.at("/data/state").asText();
            }
        }
        return "";
    }

    /** Until every instance still running reports the Redis state. */
    public void awaitRedisState(String state, List<Integer> instances) {
        for (int n : instances) {
            Awaitility.await("instance " + n + " " + state).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> redisState(n).equals(state));
        }
    }

    /** The shared PostgreSQL (user postgres), to check what the instances stored. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Stops every instance gracefully (SIGTERM) and waits, leaving PostgreSQL and Redis up. */
    public void stopInstances() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills one instance at once (SIGKILL): no shutdown hook, no flush, no goodbye to the others. */
    public void kill(int instance) throws InterruptedException {
        processes.get(instance).destroyForcibly().waitFor();
    }

    /** Everything the instances logged, to search for secrets. */
    public String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path log : logs) {
            all.append(Files.readString(log));
        }
        return all.toString();
    }

    @Override
    public void close() {
        stopInstances();
        servers.stop();
    }

    private static void awaitReady(String url) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        Awaitility.await("instance at " + url + " ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static String resource(String name) {
        return Path.of("src", "test", "resources", name).toAbsolutePath().toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
