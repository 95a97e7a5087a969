package dev.latchkey.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One packaged Latchkey on embedded PostgreSQL and Redis, started through the service's own test
 * support ({@code ./mvnw exec:java@serve-for-clients} at the top level, after
 * {@code ./mvnw package -DskipTests}); its URL and a platform admin's token.
 */
final class PackagedService implements AutoCloseable {

    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final OutputStream stdin;
    final String url;
    private final String adminToken;

    PackagedService() throws Exception {
        process = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-B", "-q", "-ntp", "exec:java@serve-for-clients")
                .directory(ROOT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        stdin = process.getOutputStream();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("{") && line.contains("\"url\"")) {
                JsonNode started = Transport.JSON.readTree(line);
                url = started.get("url").asText();
                adminToken = started.get("adminToken").asText();
                return;
            }
        }
        throw new IllegalStateException("the Latchkey launcher exited before it was ready (package the service first)");
    }

    /** An admin call, which must succeed: its JSON answer. */
    JsonNode admin(String method, String path, Object body, String tenant) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("authorization", "Bearer " + adminToken)
                .header("content-type", "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Transport.JSON.writeValueAsBytes(body)));
        if (tenant != null) {
            request.header("x-tenant", tenant);
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body().isEmpty() ? null : Transport.JSON.readTree(answer.body());
    }

    @Override
    public void close() throws Exception {
        stdin.close();
        process.waitFor();
    }
}
