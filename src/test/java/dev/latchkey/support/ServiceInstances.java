package dev.latchkey.support;

import java.io.IOException;
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
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

/**
 * Several instances of the packaged service (target/quarkus-app), each a separate JVM on its own
 * port, in the production profile, sharing one PostgreSQL and one Redis started for the test.
 */
public final class ServiceInstances implements AutoCloseable {

    private static final Path LOGS = Path.of("target", "instance-logs");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedServersResource servers = new EmbeddedServersResource();
    private final List<PackagedInstance> instances = new ArrayList<>();
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
        this(count, settings, perInstance, superuserUrl -> Map.of());
    }

    /**
     * As above, with a database of the test's own making: {@code database} gets the new server's
     * JDBC URL (its superuser is postgres) and answers the settings every instance then uses.
     */
    public ServiceInstances(int count, Map<String, String> settings, Map<Integer, Map<String, String>> perInstance,
            Function<String, Map<String, String>> database) throws Exception {
        if (!Files.exists(PackagedInstance.RUNNER)) {
            throw new IllegalStateException("Package the service first (./mvnw verify runs this test after packaging)");
        }
        Map<String, String> store = servers.start();
        redisUrl = store.get("quarkus.redis.hosts");
        jdbcUrl = store.get("quarkus.datasource.jdbc.url");
        Map<String, String> databaseSettings = database.apply(jdbcUrl);
        // each cluster keeps its own logs, so a scenario's findings survive the next scenario
        String cluster = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
        Files.createDirectories(LOGS);
        for (int i = 0; i < count; i++) {
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_DATASOURCE_JDBC_URL", store.get("quarkus.datasource.jdbc.url"));
            env.put("QUARKUS_DATASOURCE_USERNAME", store.get("quarkus.datasource.username"));
            env.put("QUARKUS_FLYWAY_USERNAME", store.get("quarkus.flyway.username"));
            env.put("QUARKUS_FLYWAY_PASSWORD", store.get("quarkus.flyway.password"));
            env.put("QUARKUS_REDIS_HOSTS", store.get("quarkus.redis.hosts"));
            env.put("QUARKUS_MAILER_HOST", store.get("quarkus.mailer.host"));
            env.put("QUARKUS_MAILER_PORT", store.get("quarkus.mailer.port"));
            env.put("MP_JWT_VERIFY_ISSUER", AdminTokens.ISSUER);
            env.put("MP_JWT_VERIFY_AUDIENCES", AdminTokens.AUDIENCE);
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", resource("admin-public.pem"));
            env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", resource("user-token-private.pem"));
            env.put("LATCHKEY_HASH_SECRET", "zDRbnEAySfek4P/hCuXVG085yoYFaVlLmj0rEgJErS4=");
            // tests stop clusters often; the shutdown scenario sets its own delay
            env.put("LATCHKEY_SHUTDOWN_DELAY", "0s");
            env.putAll(databaseSettings);
            env.putAll(settings);
            env.putAll(perInstance.getOrDefault(i, Map.of()));
            instances.add(new PackagedInstance(env, LOGS.resolve(cluster + "-instance-" + i + ".log")));
        }
        instances.forEach(PackagedInstance::awaitReady);
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
        return instances.stream().map(PackagedInstance::url).toList();
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls().get(instance) + path))
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
        return HTTP.send(HttpRequest.newBuilder(URI.create(urls().get(instance) + "/api/v1/keys/self"))
                .header("x-api-key", key).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Each instance's management interface: health, metrics, the OpenAPI document and Swagger UI
     * answer there (the production profile), not on {@link #urls}.
     */
    public List<String> managementUrls() {
        return instances.stream().map(PackagedInstance::managementUrl).toList();
    }

    /** A plain GET on one instance's public port. */
    public HttpResponse<String> get(int instance, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(urls().get(instance) + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A plain GET on one instance's management interface ({@code /q/health/ready}, {@code /q/metrics}). */
    public HttpResponse<String> management(int instance, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrls().get(instance) + path)).timeout(Duration.ofSeconds(10))
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
        instances.forEach(PackagedInstance::signalStop);
        for (PackagedInstance instance : instances) {
            try {
                instance.awaitExit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills one instance at once (SIGKILL): no shutdown hook, no flush, no goodbye to the others. */
    public void kill(int instance) throws InterruptedException {
        instances.get(instance).kill();
    }

    /** Stops one instance as Kubernetes does (SIGTERM) and waits for it to exit; how long that took, in ms. */
    public long terminate(int instance) throws InterruptedException {
        long started = System.nanoTime();
        signalStop(instance);
        instances.get(instance).awaitExit();
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** SIGTERM to one instance, without waiting. */
    public void signalStop(int instance) {
        instances.get(instance).signalStop();
    }

    /** Whether the instance's process is still running. */
    public boolean running(int instance) {
        return instances.get(instance).running();
    }

    /** Starts a stopped instance again, on its ports and settings; how long until it was ready, in ms. */
    public long restart(int instance) throws IOException {
        long started = System.nanoTime();
        instances.get(instance).restart();
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The instance's resident memory now, in MB. */
    public long residentMegabytes(int instance) throws IOException {
        return instances.get(instance).residentMegabytes();
    }

    /** Everything the instances logged, to search for secrets. */
    public String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (PackagedInstance instance : instances) {
            all.append(Files.readString(instance.log()));
        }
        return all.toString();
    }

    @Override
    public void close() {
        stopInstances();
        servers.stop();
    }

    private static String resource(String name) {
        return Path.of("src", "test", "resources", name).toAbsolutePath().toString();
    }
}
