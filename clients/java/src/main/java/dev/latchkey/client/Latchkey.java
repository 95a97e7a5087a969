package dev.latchkey.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Latchkey's server client (CONTRACT section 18): a secret key on a server or in a serverless
 * function. {@code Latchkey.builder().secretKey(…).baseUrl(…).build()}, then {@link #keys()},
 * {@link #auth()} and {@link #data()}. Thread-safe: make one and share it.
 */
public final class Latchkey {

    /** A secret key, after the operator's LATCHKEY_KEY_PREFIX when the deployment sets one. */
    private static final Pattern SECRET_KEY = Pattern.compile("^(?:[a-z0-9]{1,12}_)?sk_(?:live|test)_.*");

    private final Keys keys;
    private final Auth auth;
    private final Data data;

    private Latchkey(Transport transport) {
        keys = new Keys(transport);
        auth = new Auth(transport);
        data = new Data(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Keys keys() {
        return keys;
    }

    public Auth auth() {
        return auth;
    }

    public Data data() {
        return data;
    }

    /** The client's settings: the secret key and base URL are required. */
    public static final class Builder {
        private String secretKey;
        private String baseUrl;
        private Duration timeout = Duration.ofSeconds(10);
        private int retries = 2;
        private Duration maxRetryWait = Duration.ofSeconds(10);

        public Builder secretKey(String secretKey) {
            this.secretKey = secretKey;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Bounds each attempt (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Retries of a 429 or 503 answer (default 2), each after its Retry-After when that is at most {@code maxWait} (default 10 s). */
        public Builder retries(int retries, Duration maxWait) {
            this.retries = retries;
            this.maxRetryWait = maxWait;
            return this;
        }

        /** The client; refuses anything but a secret key, which must never reach a browser. */
        public Latchkey build() {
            if (secretKey == null || !SECRET_KEY.matcher(secretKey).matches()) {
                throw new LatchkeyException(0, "invalid_api_key", "a secret key (sk_live_… or sk_test_…) is required", null, null);
            }
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("baseUrl is required, such as https://keys.example.com");
            }
            return new Latchkey(new Transport(baseUrl, secretKey, timeout, retries, maxRetryWait));
        }
    }

    /** Judges keys presented to your own API, and describes the client's own. */
    public static final class Keys {
        private final Transport http;

        Keys(Transport http) {
            this.http = http;
        }

        /** The verify answer for {@code key}; an invalid key is an answer ({@code valid} false), not an exception. */
        public Verdict verify(String key, VerifyOptions options) {
            Map<String, Object> body = new LinkedHashMap<>(options == null ? Map.of() : options.fields());
            body.put("key", key);
            return Verdict.of(http.json("POST", "/api/v1/keys/verify", null, body));
        }

        public Verdict verify(String key) {
            return verify(key, null);
        }

        /** What this client's own key is and may do. */
        public JsonNode self() {
            return http.json("GET", "/api/v1/keys/self", null, null);
        }
    }

    /** Mints short-lived access tokens your own APIs check offline ({@link AccessTokens}). */
    public static final class Auth {
        private final Transport http;

        Auth(Transport http) {
            this.http = http;
        }

        /** {@code {access_token, token_type, expires_in}}. */
        public JsonNode token() {
            return http.json("POST", "/api/v1/auth/token", null, Map.of());
        }
    }

    /** verify's optional fields: scopes the key must hold, the caller's origin and address, a cost in credits. */
    public record VerifyOptions(List<String> scopes, String origin, String ip, Integer cost) {

        public static VerifyOptions scopes(String... scopes) {
            return new VerifyOptions(List.of(scopes), null, null, null);
        }

        Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            if (scopes != null) {
                fields.put("scopes", scopes);
            }
            if (origin != null) {
                fields.put("origin", origin);
            }
            if (ip != null) {
                fields.put("ip", ip);
            }
            if (cost != null) {
                fields.put("cost", cost);
            }
            return fields;
        }
    }
}
