package dev.latchkey.http;

import io.vertx.core.http.HttpServerRequest;

/** {@code Authorization: Bearer …}, which carries an API key (pk_/sk_), a user token or an admin token. */
public final class BearerToken {

    private static final String BEARER = "Bearer ";

    private BearerToken() {
    }

    /** The bearer value, trimmed; null when the request carries none. */
    public static String of(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /**
     * Whether a bearer value is an API key rather than a JWT (CONTRACT section 3): it starts with
     * {@code pk_} or {@code sk_}, after the operator's prefix if it has one. A JWT taken for a key
     * here (base64url may hold {@code _sk_}) fails the key's shape and checksum: 401, as it would anyway.
     */
    public static boolean isApiKey(String token) {
        int underscore = token.indexOf('_');
        int start = underscore > 0 && underscore <= 12 && !token.startsWith("pk_") && !token.startsWith("sk_") ? underscore + 1 : 0;
        return token.startsWith("pk_", start) || token.startsWith("sk_", start);
    }
}
