package dev.latchkey.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one place requests are made: a timeout per attempt, bounded retries of 429 and 503 answers
 * after their Retry-After, and every non-2xx answer thrown as a {@link LatchkeyException}.
 */
final class Transport {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;
    private final Duration timeout;
    private final int retries;
    private final Duration maxRetryWait;

    Transport(String base, String key, Duration timeout, int retries, Duration maxRetryWait) {
        this.base = base.replaceAll("/+$", "");
        this.key = key;
        this.timeout = timeout;
        this.retries = retries;
        this.maxRetryWait = maxRetryWait;
    }

    /** The JSON answer of a call that must succeed (null when empty). */
    JsonNode json(String method, String path, Map<String, String> query, Object body) {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        if (query != null) {
            query.forEach((name, value) -> parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + parameters)).timeout(timeout)
                .header("x-api-key", key).header("accept", "application/json");
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (body != null) {
                request.header("content-type", "application/json");
            }
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Double wait = retryAfter(answer);
                int status = answer.statusCode();
                if ((status == 429 || status == 503) && attempt < retries && wait != null
                        && Duration.ofMillis((long) (wait * 1000)).compareTo(maxRetryWait) <= 0) {
                    Thread.sleep((long) (wait * 1000));
                    continue;
                }
                JsonNode parsed = answer.body().isEmpty() ? null : JSON.readTree(answer.body());
                if (status >= 300) {
                    throw new LatchkeyException(status, text(parsed, "error", "http_" + status), text(parsed, "message", "HTTP " + status),
                            text(parsed, "required_permission", null), wait);
                }
                return parsed;
            }
        } catch (HttpTimeoutException e) {
            throw new LatchkeyException(0, "timeout", "No answer within " + timeout, null, null);
        } catch (IOException e) {
            throw new LatchkeyException(0, "network_error", "The request failed: " + e.getMessage(), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LatchkeyException(0, "network_error", "Interrupted", null, null);
        }
    }

    private static Double retryAfter(HttpResponse<?> answer) {
        return answer.headers().firstValue("Retry-After").map(value -> {
            try {
                return Math.max(0, Double.parseDouble(value.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    private static String text(JsonNode body, String field, String otherwise) {
        return body != null && body.hasNonNull(field) ? body.get(field).asText() : otherwise;
    }
}
