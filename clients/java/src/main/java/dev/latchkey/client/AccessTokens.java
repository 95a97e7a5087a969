package dev.latchkey.client;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Offline checks of Latchkey access tokens. The JWS check is written here on the JDK's own
 * {@link Signature} (RS256, and ES256 in its raw r||s form): the client keeps to the JDK and
 * Jackson. Exactly RS256 and ES256 with a key of the published set pass, nothing else (no "none",
 * no HMAC). The key set is fetched once per URL, and again (at most every 10 s) when a token names
 * a key id not held.
 */
public final class AccessTokens {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Map<String, KeySet> KEY_SETS = new ConcurrentHashMap<>();

    private AccessTokens() {
    }

    /** What a token must be to pass: meant for {@code audience} (the application id), of the environment and key type, holding every scope. */
    public record Options(String jwksUrl, String audience, List<String> scopes, String environment, String keyType) {

        /** Live secret keys' tokens for the application, holding {@code scopes}. */
        public static Options of(String jwksUrl, String audience, String... scopes) {
            return new Options(jwksUrl, audience, List.of(scopes), "live", "sk");
        }

        public Options environment(String environment) {
            return new Options(jwksUrl, audience, scopes, environment, keyType);
        }

        public Options keyType(String keyType) {
            return new Options(jwksUrl, audience, scopes, environment, keyType);
        }
    }

    /** A refused token. */
    public static final class InvalidTokenException extends RuntimeException {
        InvalidTokenException(String message) {
            super(message);
        }
    }

    /** The token's claims when it passes; {@link InvalidTokenException} otherwise. */
    public static JsonNode verify(String token, Options options) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("not a JWS");
        }
        JsonNode header = decode(parts[0]);
        String algorithm = header.path("alg").asText();
        if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
            throw new InvalidTokenException("algorithm " + algorithm + " is not accepted");
        }
        PublicKey key = KEY_SETS.computeIfAbsent(options.jwksUrl(), KeySet::new).key(header.path("kid").asText());
        if (!verifies(algorithm, key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), parts[2])) {
            throw new InvalidTokenException("the signature does not verify");
        }
        JsonNode claims = decode(parts[1]);
        check(claims, options);
        return claims;
    }

    private static void check(JsonNode claims, Options options) {
        JsonNode audience = claims.path("aud");
        boolean meantForUs = audience.isArray() ? streamContains(audience, options.audience())
                : options.audience().equals(audience.asText(null));
        if (!"latchkey".equals(claims.path("iss").asText(null))) {
            throw new InvalidTokenException("another issuer");
        }
        if (!meantForUs) {
            throw new InvalidTokenException("meant for another audience");
        }
        if (!claims.path("exp").canConvertToLong() || Instant.now().getEpochSecond() >= claims.path("exp").asLong()) {
            throw new InvalidTokenException("expired");
        }
        if (!"access".equals(claims.path("token_use").asText(null))) {
            throw new InvalidTokenException("not an access token");
        }
        if (!options.environment().equals(claims.path("env").asText(null))) {
            throw new InvalidTokenException("a token of another environment");
        }
        if (!options.keyType().equals(claims.path("type").asText(null))) {
            throw new InvalidTokenException("a token of another key type");
        }
        for (String scope : options.scopes()) {
            if (!streamContains(claims.path("scopes"), scope)) {
                throw new InvalidTokenException("missing scope " + scope);
            }
        }
    }

    private static boolean streamContains(JsonNode array, String wanted) {
        for (JsonNode value : array) {
            if (wanted.equals(value.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean verifies(String algorithm, PublicKey key, byte[] signed, String signature) {
        try {
            Signature check = Signature.getInstance(algorithm.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            if (!key.getAlgorithm().equals(algorithm.equals("RS256") ? "RSA" : "EC")) {
                return false;
            }
            check.initVerify(key);
            check.update(signed);
            return check.verify(Base64.getUrlDecoder().decode(signature));
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode decode(String segment) {
        try {
            return Transport.JSON.readTree(Base64.getUrlDecoder().decode(segment));
        } catch (Exception e) {
            throw new InvalidTokenException("not a JWS");
        }
    }

    /** One published key set, refetched when a token names an unknown key id. */
    private static final class KeySet {
        private final String url;
        private Map<String, PublicKey> keys = Map.of();
        private Instant fetched = Instant.EPOCH;

        KeySet(String url) {
            this.url = url;
        }

        synchronized PublicKey key(String kid) {
            PublicKey key = keys.get(kid);
            if (key == null && Duration.between(fetched, Instant.now()).toSeconds() >= 10) {
                keys = fetch();
                fetched = Instant.now();
                key = keys.get(kid);
            }
            if (key == null) {
                throw new InvalidTokenException("no published key " + kid);
            }
            return key;
        }

        private Map<String, PublicKey> fetch() {
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Map<String, PublicKey> published = new ConcurrentHashMap<>();
                for (JsonNode jwk : Transport.JSON.readTree(answer.body()).path("keys")) {
                    PublicKey key = toKey(jwk);
                    if (key != null) {
                        published.put(jwk.path("kid").asText(), key);
                    }
                }
                return published;
            } catch (Exception e) {
                throw new InvalidTokenException("the key set could not be read: " + e.getMessage());
            }
        }

        private static PublicKey toKey(JsonNode jwk) throws Exception {
            if ("RSA".equals(jwk.path("kty").asText())) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(number(jwk, "n"), number(jwk, "e")));
            }
            if ("EC".equals(jwk.path("kty").asText()) && "P-256".equals(jwk.path("crv").asText())) {
                AlgorithmParameters curve = AlgorithmParameters.getInstance("EC");
                curve.init(new ECGenParameterSpec("secp256r1"));
                ECPoint point = new ECPoint(number(jwk, "x"), number(jwk, "y"));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve.getParameterSpec(ECParameterSpec.class)));
            }
            return null;
        }

        private static BigInteger number(JsonNode jwk, String field) {
            return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path(field).asText()));
        }
    }
}
