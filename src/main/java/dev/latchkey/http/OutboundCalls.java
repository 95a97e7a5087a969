package dev.latchkey.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Calls to identity providers on an application's say-so (keys, discovery, tokens, user info):
 * to the address {@link OutboundTargets} checked, 5 seconds, no redirects, at most 64 KiB of
 * answer (the connection is reset past it). Blocking: worker threads only. Vert.x' client does
 * the work.
 */
@ApplicationScoped
public class OutboundCalls {

    private static final Logger LOG = Logger.getLogger(OutboundCalls.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BYTES = 64 * 1024;

    @Inject
    Vertx vertx;

    private volatile HttpClient client;

    /** What answered: the status and the body. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public Answer get(String url, Map<String, String> headers, boolean allowInsecure) throws Failed {
        return call(HttpMethod.GET, url, headers, null, allowInsecure);
    }

    /** A form post ({@code application/x-www-form-urlencoded}), as OAuth token endpoints take. */
    public Answer postForm(String url, Map<String, String> form, Map<String, String> headers, boolean allowInsecure) throws Failed {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value)));
        Map<String, String> sent = new java.util.HashMap<>(headers);
        sent.put("content-type", "application/x-www-form-urlencoded");
        return call(HttpMethod.POST, url, sent, body.toString(), allowInsecure);
    }

    private Answer call(HttpMethod method, String url, Map<String, String> headers, String body, boolean allowInsecure) throws Failed {
        OutboundTargets.Target target;
        try {
            target = OutboundTargets.resolve(url, allowInsecure);
        } catch (OutboundTargets.Refused e) {
            throw new Failed(url + " " + e.getMessage());
        }
        RequestOptions request = new RequestOptions().setMethod(method)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.url().getHost()).setPort(target.port()).setSsl(target.tls()).setURI(target.requestUri())
                .setFollowRedirects(false).setTimeout(TIMEOUT.toMillis()).putHeader("user-agent", "Latchkey");
        headers.forEach(request::putHeader);
        // a pooled connection the peer has just closed, or a reset, fails a call at once: a GET (keys, discovery, user
        // info) tries once more on a new connection, never after a timeout (the wait would double) nor for an answer
        // too large (it would be again); a token request is not repeated, since its code may have been spent
        for (int attempt = 1; ; attempt++) {
            try {
                return send(request, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed("interrupted");
            } catch (Exception e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                if (attempt == 1 && method == HttpMethod.GET && !(cause instanceof TimeoutException) && !(cause instanceof TooLarge)) {
                    LOG.infof("A call to %s failed at once (%s: %s); trying once more", target.url().getHost(), cause.getClass().getName(),
                            cause.getMessage());
                    continue;
                }
                throw new Failed("no answer from " + target.url().getHost() + " (" + cause.getClass().getSimpleName() + ": "
                        + cause.getMessage() + ")");
            }
        }
    }

    /**
     * The answer's handlers are in place before the request goes out, and everything runs on a
     * Vert.x context: a quick answer could otherwise end before its body handlers were set (a known
     * race of chaining on {@code send()}), and the call failed although the provider had answered,
     * having spent the code it was given.
     */
    private Answer send(RequestOptions request, String body) throws Exception {
        Promise<Answer> answered = Promise.promise();
        vertx.runOnContext(ignored -> client().request(request).onFailure(answered::tryFail).onSuccess(sent -> {
            sent.response().compose(answer -> bounded(answer).map(text -> new Answer(answer.statusCode(), text)))
                    .onSuccess(answered::tryComplete).onFailure(answered::tryFail);
            (body == null ? sent.end() : sent.end(body)).onFailure(answered::tryFail);
        }));
        return answered.future().toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    /** The body, unless it grows past the bound: then the connection is reset, whatever the headers said. */
    private static Future<String> bounded(HttpClientResponse answer) {
        Promise<String> body = Promise.promise();
        Buffer received = Buffer.buffer();
        answer.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_BYTES) {
                answer.request().reset();
                body.tryFail(new TooLarge());
            } else {
                received.appendBuffer(chunk);
            }
        });
        answer.exceptionHandler(body::tryFail);
        answer.endHandler(done -> body.tryComplete(received.toString()));
        return body.future();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT.toMillis())
                            .setMaxPoolSize(16).setVerifyHost(true).setTrustAll(false));
                }
            }
        }
        return client;
    }

    /** An answer past the bound. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("the answer is larger than " + MAX_BYTES + " bytes", null, false, false);
        }
    }

    /** No usable answer: refused target, no connection, timeout, or too large. */
    public static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }
}
