package dev.latchkey.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on loopback (the JDK's HTTP server): records every request it gets, and
 * answers the n-th request for an event id with the status {@code answers} gives for n (1-based).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String id, String timestamp, String signature, String body, int answered, long atMillis) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public WebhookReceiver(IntUnaryOperator answers) {
        this(answers, null);
    }

    /** As above; a 3xx answer names {@code location}. */
    public WebhookReceiver(IntUnaryOperator answers, String location) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            int attempt = attempts.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
            int status = answers.applyAsInt(attempt);
            received.add(new Received(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, status, System.currentTimeMillis()));
            if (location != null && status / 100 == 3) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers every request with 200. */
    public static WebhookReceiver accepting() {
        return new WebhookReceiver(attempt -> 200);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** What was received for one event type (read from the body). */
    public List<Received> ofType(String type) {
        return received.stream().filter(r -> r.body().contains("\"type\":\"" + type + "\"")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
