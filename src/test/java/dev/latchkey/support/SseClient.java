package dev.latchkey.support;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events reader on a plain socket speaking HTTP/1.1, so that closing it closes the
 * connection at once, as a browser closing an EventSource does (the JDK's HTTP clients either keep
 * the connection or block closing it while a read waits). The stream is parsed as the HTML
 * standard says (event, id, data lines, a blank line dispatches; comment lines counted apart);
 * {@link #END_OF_STREAM} marks the server closing it.
 */
public final class SseClient implements AutoCloseable {

    public record Event(String name, String id, String data) {
    }

    public static final Event END_OF_STREAM = new Event("(closed)", null, null);
    private final Socket socket;
    private final int status;
    private final Map<String, String> headers = new HashMap<>();
    private final InputStream input;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile int comments;
    private Thread reader;

    private SseClient(URI url, Map<String, String> requestHeaders, boolean reading) throws IOException {
        socket = new Socket(url.getHost(), url.getPort());
        socket.setSoTimeout(0);
        StringBuilder request = new StringBuilder("GET " + url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\nAccept: text/event-stream\r\n");
        requestHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream raw = socket.getInputStream();
        String statusLine = line(raw);
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String header = line(raw); !header.isEmpty(); header = line(raw)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        input = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(raw)
                : length != null ? new ByteArrayInputStream(raw.readNBytes(Integer.parseInt(length))) : raw;
        if (reading) {
            resume();
        }
    }

    /** Starts reading a stream opened with {@link #openUnread}. */
    public void resume() {
        reader = Thread.ofPlatform().daemon().start(this::read);
    }

    /** Opens {@code url} with these headers; the answer may be an error, whose body {@link #body} then holds. */
    public static SseClient open(String url, Map<String, String> headers) throws IOException {
        return new SseClient(URI.create(url), headers, true);
    }

    /** Opens a stream and reads nothing of it until {@link #resume}: a client too slow for what it is sent. */
    public static SseClient openUnread(String url, Map<String, String> headers) throws IOException {
        return new SseClient(URI.create(url), headers, false);
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** One CRLF-ended line of the head, without its end. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("The connection closed inside the answer's head");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** HTTP/1.1 chunked transfer coding, decoded. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private int left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                left = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int read = in.read(buffer, offset, Math.min(length, left));
            if (read < 0) {
                throw new IOException("The connection closed inside a chunk");
            }
            left -= read;
            if (left == 0) {
                line(in); // the CRLF after the chunk
            }
            return read;
        }
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
        if (input == null) {
            events.add(END_OF_STREAM);
            return;
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
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
        } catch (IOException | RuntimeException e) {
            // closed by us, or the connection broke: either way the stream is over
        }
        events.add(END_OF_STREAM);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
