package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAProxy (Debian's) in front of the instances, round robin with a health check on each
 * management port's readiness, and wrk (Debian's) sending warm key checks through it until
 * stopped: what clients of a real deployment see while instances stop and start.
 */
public final class LoadBalancedLoad implements AutoCloseable {

    private static final Path WORK = Path.of("target", "reliability");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Process haproxy;
    private final int port;
    private Process wrk;
    private Path wrkOutput;

    /** What wrk counted: requests answered, answers not 2xx, socket errors (connect, read, write, timeout). */
    public record Figures(long requests, long non2xx, long socketErrors, String raw) {
    }

    /**
     * @param retryOnFailure HAProxy's {@code retry-on}: a request whose server failed (refused,
     *        reset, no answer) is sent to another; off, clients see what the instances do alone
     */
    public LoadBalancedLoad(ServiceInstances cluster, String name, boolean retryOnFailure) throws IOException {
        require("haproxy");
        require("wrk");
        port = freePort();
        StringBuilder config = new StringBuilder("""
                global
                    maxconn 2048
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    timeout check 1s
                    retries 3
                    option redispatch
                frontend latchkey
                    bind 127.0.0.1:%d
                    default_backend instances
                backend instances
                    balance roundrobin
                    option httpchk GET /q/health/ready
                    http-check expect status 200
                    default-server inter 500ms fall 2 rise 2
                """.formatted(port));
        if (retryOnFailure) {
            config.append("    retry-on conn-failure empty-response response-timeout\n");
        }
        for (int i = 0; i < cluster.urls().size(); i++) {
            URI url = URI.create(cluster.urls().get(i));
            URI management = URI.create(cluster.managementUrls().get(i));
            config.append("    server i%d %s:%d check port %d%n".formatted(i, url.getHost(), url.getPort(), management.getPort()));
        }
        Files.createDirectories(WORK);
        Path file = WORK.resolve("haproxy-" + name + ".cfg");
        Files.writeString(file, config);
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("haproxy-" + name + ".log").toFile()).start();
        wrkOutput = WORK.resolve("wrk-" + name + ".txt");
    }

    /** The load balancer's address. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts wrk: {@code connections} connections sending {@code GET path} with the key, until {@link #stop}. */
    public void start(String path, String key, int connections) throws IOException {
        wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d600s", "--timeout", "10s", "-H", "x-api-key: " + key,
                url() + path).redirectErrorStream(true).redirectOutput(wrkOutput.toFile()).start();
    }

    /** Stops wrk as Ctrl-C does (it then prints its totals) and reads them. */
    public Figures stop() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(wrk.pid())).start().waitFor();
        wrk.waitFor();
        String raw = Files.readString(wrkOutput);
        Matcher errors = SOCKET_ERRORS.matcher(raw);
        long socketErrors = 0;
        if (errors.find()) {
            for (int group = 1; group <= 4; group++) {
                socketErrors += Long.parseLong(errors.group(group));
            }
        }
        return new Figures(first(REQUESTS, raw), first(NON_2XX, raw), socketErrors, raw);
    }

    @Override
    public void close() {
        if (wrk != null) {
            wrk.destroyForcibly();
        }
        haproxy.destroy();
    }

    private static long first(Pattern pattern, String text) {
        Matcher found = pattern.matcher(text);
        return found.find() ? Long.parseLong(found.group(1)) : 0;
    }

    private static void require(String command) throws IOException {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        throw new IllegalStateException(command + " is not installed (reliability/run installs it from Debian's packages)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
