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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.awaitility.Awaitility;

/**
 * One JVM of the packaged service (target/quarkus-app) in the production profile: its public and
 * management ports, its log, and its life (start, SIGTERM, SIGKILL, start again on the same ports).
 */
final class PackagedInstance {

    static final Path RUNNER = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final ProcessBuilder builder;
    private final String url;
    private final String managementUrl;
    private final Path log;
    private Process process;

    /** Starts it with {@code settings} (environment variables beside its ports); {@link #awaitReady} waits for it. */
    PackagedInstance(Map<String, String> settings, Path log) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        this.log = log;
        url = "http://127.0.0.1:" + port;
        managementUrl = "http://127.0.0.1:" + managementPort;
        builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar", RUNNER.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(settings);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        process = builder.start();
    }

    String url() {
        return url;
    }

    String managementUrl() {
        return managementUrl;
    }

    Path log() {
        return log;
    }

    void awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        Awaitility.await("instance at " + url + " ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** SIGTERM, as Kubernetes stops a pod; returns at once. */
    void signalStop() {
        process.destroy();
    }

    boolean running() {
        return process.isAlive();
    }

    void awaitExit() throws InterruptedException {
        process.waitFor();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the others. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Starts it again on the same ports and settings, and waits until it is ready. */
    void restart() throws IOException {
        process = builder.start();
        awaitReady();
    }

    /** Resident memory now, in MB (Linux). */
    long residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** Ports handed out in this JVM: a port is closed again until its instance binds it, and the system may offer it twice. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static int freePort() {
        for (;;) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
