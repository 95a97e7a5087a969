package dev.latchkey.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events reader over the JDK's HTTP client, parsing the stream as the HTML standard
 * says (event, id, data lines, a blank line dispatches; comment lines counted apart), so that tests
 * read what any client reads. {@link #END_OF_STREAM} marks the server closing the stream.
 */
public final class SseClient implements AutoCloseable {

    public record Event(String name, String id, String data) {
    }

    public static final Event END_OF_STREAM = new Event("(closed)", null, null);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile int comments;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        reader = Thread.ofPlatform().daemon().start(this::read);
    }

    /** Opens {@code url} with these headers; the answer may be an error, whose body {@link #body} then holds. */
    public static SseClient open(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new SseClient(HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines()));
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next event, or null if none came within {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event other than those named {@code skipped}, or null within {@code timeout}. */
    public Event nextExcept(String skipped, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (event == null || !skipped.equals(event.name())) {
                return event;
            }
        }
        return null;
    }

    public int comments() {
        return comments;
    }

    /** An error answer's body (the stream is not an event stream then). */
    public String body() throws InterruptedException {
        StringBuilder body = new StringBuilder();
        Event event;
        while ((event = events.poll(5, TimeUnit.SECONDS)) != null && event != END_OF_STREAM) {
            body.append(event.data());
        }
        return body.toString();
    }

    private void read() {
        String name = null;
        String id = null;
        StringBuilder data = null;
        boolean eventStream = String.valueOf(header("Content-Type")).startsWith("text/event-stream");
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (!eventStream) {
                    events.add(new Event("(body)", null, line));
                } else if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments++;
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (RuntimeException e) {
            // closed by us, or the connection broke: either way the stream is over
        }
        events.add(END_OF_STREAM);
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
