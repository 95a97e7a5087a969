package dev.latchkey.enduser.external;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.latchkey.application.AuthProviderConfig;
import dev.latchkey.http.OutboundTargets;
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
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * External issuers' public keys (JWKS), fetched over https from a checked public address
 * ({@link OutboundTargets}) and kept 10 minutes per URL. A token naming a key the copy lacks may
 * fetch again (the issuer rotated), at most every 30 seconds per URL, so unknown key ids cannot
 * make the service hammer an issuer. jose4j parses the set; Vert.x' client fetches it.
 */
@ApplicationScoped
public class IssuerKeys {

    private static final Logger LOG = Logger.getLogger(IssuerKeys.class);
    static final Duration FRESH = Duration.ofMinutes(10);
    static final Duration REFETCH_PAUSE = Duration.ofSeconds(30);
    private static final int MAX_BYTES = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private record Fetched(JsonWebKeySet keys, Instant at) {
    }

    private final ConcurrentHashMap<String, Fetched> cached = new ConcurrentHashMap<>();

    @Inject
    Vertx vertx;

    @Inject
    AuthProviderConfig config;

    private volatile HttpClient client;

    /** The issuer's keys, from the copy unless it is stale (or {@code refetch} and the copy is older than the pause). */
    JsonWebKeySet keys(String jwksUrl, boolean refetch) throws Unavailable {
        Fetched copy = cached.get(jwksUrl);
        Instant now = Instant.now();
        boolean stale = copy == null || copy.at().plus(FRESH).isBefore(now)
                || refetch && copy.at().plus(REFETCH_PAUSE).isBefore(now);
        if (!stale) {
            return copy.keys();
        }
        Fetched fetched = new Fetched(fetch(jwksUrl), now);
        cached.put(jwksUrl, fetched);
        return fetched.keys();
    }

    private JsonWebKeySet fetch(String jwksUrl) throws Unavailable {
        OutboundTargets.Target target;
        try {
            target = OutboundTargets.resolve(jwksUrl, config.allowInsecureProviders());
        } catch (OutboundTargets.Refused e) {
            throw new Unavailable("the issuer's jwks_url " + e.getMessage());
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.url().getHost()).setPort(target.port()).setSsl(target.tls()).setURI(target.requestUri())
                .setFollowRedirects(false).setTimeout(TIMEOUT.toMillis()).putHeader("accept", "application/json");
        try {
            String body = client().request(request)
                    .compose(sent -> sent.send())
                    .compose(answer -> {
                        if (answer.statusCode() != 200) {
                            return Future.failedFuture("HTTP " + answer.statusCode());
                        }
                        return bounded(answer);
                    })
                    .toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            return new JsonWebKeySet(body);
        } catch (JoseException e) {
            throw new Unavailable("the issuer's JWKS is not a key set");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        } catch (Exception e) {
            LOG.infof("JWKS of an external issuer could not be fetched (%s)", e.getMessage());
            throw new Unavailable("the issuer's JWKS could not be fetched");
        }
    }

    /** The body, unless it grows past the bound: then the connection is reset, whatever the headers said. */
    private static Future<String> bounded(HttpClientResponse answer) {
        Promise<String> body = Promise.promise();
        Buffer received = Buffer.buffer();
        answer.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_BYTES) {
                answer.request().reset();
                body.tryFail("the JWKS is larger than " + MAX_BYTES + " bytes");
            } else {
                received.appendBuffer(chunk);
            }
        });
        answer.exceptionHandler(body::tryFail);
        answer.endHandler(done -> body.tryComplete(received.toString()));
        return body.future();
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT.toMillis())
                            .setMaxPoolSize(8).setVerifyHost(true).setTrustAll(false));
                }
            }
        }
        return client;
    }

    /** The keys could not be had; the exchange answers 401 (the token cannot be checked). */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
