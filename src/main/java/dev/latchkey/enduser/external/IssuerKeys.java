package dev.latchkey.enduser.external;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.latchkey.application.AuthProviderConfig;
import dev.latchkey.http.OutboundCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * External issuers' public keys (JWKS), fetched over https from a checked public address
 * ({@link OutboundCalls}) and kept 10 minutes per URL. A token naming a key the copy lacks may
 * fetch again (the issuer rotated). Fetches of one URL happen one at a time and at most every 30
 * seconds, whatever they gave, so neither unknown key ids nor an issuer that is down make every
 * exchange wait on it; meanwhile its last keys serve for up to an hour. jose4j parses the set;
 * Vert.x' client fetches it.
 */
@ApplicationScoped
public class IssuerKeys {

    private static final Logger LOG = Logger.getLogger(IssuerKeys.class);
    static final Duration FRESH = Duration.ofMinutes(10);
    static final Duration REFETCH_PAUSE = Duration.ofSeconds(30);
    static final Duration STALE_LIMIT = Duration.ofHours(1);
    
    /** The last keys fetched (null: none yet) and when; when a fetch was last tried, whatever came of it. */
    private record Copy(JsonWebKeySet keys, Instant fetchedAt, Instant triedAt) {

        boolean serves(Instant now, boolean refetch) {
            return keys != null && fetchedAt.plus(FRESH).isAfter(now) && !(refetch && fetchedAt.plus(REFETCH_PAUSE).isBefore(now));
        }

        boolean triedLately(Instant now) {
            return triedAt.plus(REFETCH_PAUSE).isAfter(now);
        }

        /** Keys an issuer that cannot be reached just now still vouches for. */
        JsonWebKeySet stale(Instant now) {
            return keys != null && fetchedAt.plus(STALE_LIMIT).isAfter(now) ? keys : null;
        }
    }

    private final ConcurrentHashMap<String, Copy> copies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> fetching = new ConcurrentHashMap<>();

    @Inject
    OutboundCalls calls;

    @Inject
    AuthProviderConfig config;

    /**
     * The issuer's keys: the copy while it is fresh (and, with {@code refetch}, younger than the
     * pause); else one fetch per URL at a time, not more than once per pause whatever it gave, and
     * the last keys for up to an hour while the issuer cannot be reached.
     */
    public JsonWebKeySet keys(String jwksUrl, boolean refetch) throws Unavailable {
        Copy copy = copies.get(jwksUrl);
        if (copy != null && copy.serves(Instant.now(), refetch)) {
            return copy.keys();
        }
        synchronized (fetching.computeIfAbsent(jwksUrl, url -> new Object())) {
            Instant now = Instant.now();
            copy = copies.get(jwksUrl);
            if (copy != null && copy.serves(now, refetch)) {
                return copy.keys();
            }
            if (copy != null && copy.triedLately(now)) {
                JsonWebKeySet stale = copy.stale(now);
                if (stale == null) {
                    throw new Unavailable("the issuer's JWKS could not be fetched lately");
                }
                return stale;
            }
            try {
                JsonWebKeySet keys = fetch(jwksUrl);
                copies.put(jwksUrl, new Copy(keys, now, now));
                return keys;
            } catch (Unavailable e) {
                copies.put(jwksUrl, new Copy(copy == null ? null : copy.keys(), copy == null ? now : copy.fetchedAt(), now));
                JsonWebKeySet stale = copy == null ? null : copy.stale(now);
                if (stale == null) {
                    throw e;
                }
                return stale;
            }
        }
    }

    private JsonWebKeySet fetch(String jwksUrl) throws Unavailable {
        try {
            OutboundCalls.Answer answer = calls.get(jwksUrl, Map.of("accept", "application/json"), config.allowInsecureProviders());
            if (!answer.ok()) {
                throw new Unavailable("the issuer's JWKS answered HTTP " + answer.status());
            }
            return new JsonWebKeySet(answer.body());
        } catch (OutboundCalls.Failed e) {
            LOG.infof("JWKS of an external issuer could not be fetched (%s)", e.getMessage());
            throw new Unavailable("the issuer's JWKS could not be fetched");
        } catch (JoseException e) {
            throw new Unavailable("the issuer's JWKS is not a key set");
        }
    }

    /** The keys could not be had; the exchange answers 401 (the token cannot be checked). */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
