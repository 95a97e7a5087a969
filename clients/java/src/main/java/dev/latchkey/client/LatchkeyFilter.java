package dev.latchkey.client;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Protects a Jakarta REST API: a request passes only with an API key (x-api-key) that Latchkey
 * judges valid and holding every scope ({@link #verifying}), or with an access token that passes
 * the offline check ({@link #offline}). Refused requests end with 401 (403 when scopes are
 * missing) and {@code {"error": code}}; passed ones carry the verdict or the token's claims as the
 * request property {@value #PROPERTY}. Register an instance with your application.
 */
public final class LatchkeyFilter implements ContainerRequestFilter {

    public static final String PROPERTY = "latchkey";

    private final Latchkey client;
    private final List<String> scopes;
    private final AccessTokens.Options tokens;

    private LatchkeyFilter(Latchkey client, List<String> scopes, AccessTokens.Options tokens) {
        this.client = client;
        this.scopes = scopes;
        this.tokens = tokens;
    }

    /** Each request's key judged by Latchkey (follows revocations at once). */
    public static LatchkeyFilter verifying(Latchkey client, String... scopes) {
        return new LatchkeyFilter(client, List.of(scopes), null);
    }

    /** Each request's bearer access token checked offline (no network hop; a revoked key's tokens live out their 15 minutes). */
    public static LatchkeyFilter offline(AccessTokens.Options tokens) {
        return new LatchkeyFilter(null, tokens.scopes(), tokens);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (tokens != null) {
            String authorization = request.getHeaderString("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                refuse(request, 401, "missing_credentials");
                return;
            }
            try {
                request.setProperty(PROPERTY, AccessTokens.verify(authorization.substring(7).trim(), tokens));
            } catch (AccessTokens.InvalidTokenException e) {
                refuse(request, e.getMessage().startsWith("missing scope") ? 403 : 401, "invalid_token");
            }
            return;
        }
        String key = request.getHeaderString("x-api-key");
        if (key == null || key.isBlank()) {
            refuse(request, 401, "missing_credentials");
            return;
        }
        Verdict verdict = client.keys().verify(key, new Latchkey.VerifyOptions(scopes, null, null, null));
        if (verdict.valid()) {
            request.setProperty(PROPERTY, verdict);
        } else {
            refuse(request, verdict.code().equals("INSUFFICIENT_SCOPES") ? 403 : 401, verdict.code());
        }
    }

    private static void refuse(ContainerRequestContext request, int status, String code) {
        try {
            request.abortWith(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Transport.JSON.writeValueAsString(Map.of("error", code))).build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
