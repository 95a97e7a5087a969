package dev.latchkey.admin;

import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The person behind an admin token (CONTRACT section 3): which tenant they act on, under what
 * name the audit log records them, and from where they call.
 */
@RequestScoped
public class AdminCaller {

    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String TENANT_ADMIN = "tenant-admin";
    static final String TENANT_CLAIM = "tenant_id";
    static final String TENANT_HEADER = "X-Tenant";
    private static final int MAX_ACTOR_LENGTH = 1024;

    @Inject
    SecurityIdentity identity;

    @Inject
    HttpServerRequest request;

    @Inject
    ClientAddress clientAddress;

    /**
     * The tenants this caller may act on (the endpoint has declared its permission): a tenant
     * admin its own (X-Tenant, when sent, must name it), a platform admin the one X-Tenant names,
     * or all. An API key holding the permission is no admin and acts on no tenant here.
     */
    public TenantScope scope() {
        String header = request.getHeader(TENANT_HEADER);
        if (identity.hasRole(PLATFORM_ADMIN)) {
            return new TenantScope(header == null || header.isBlank() ? null : header.trim());
        }
        if (!identity.hasRole(TENANT_ADMIN)) {
            throw ApiException.forbidden(null, "The token holds neither platform-admin nor tenant-admin");
        }
        Object claim = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(TENANT_CLAIM) : null;
        if (claim != null && !(claim instanceof String)) {
            // a number, list or object where a tenant id belongs: the token is malformed, not the server
            throw new ApiException(401, "invalid_token", "The token's tenant_id claim must be a string", null);
        }
        String tenant = (String) claim;
        if (tenant == null || tenant.isBlank()) {
            throw ApiException.forbidden(null, "A tenant-admin token must carry a tenant_id claim");
        }
        if (header != null && !header.trim().equals(tenant)) {
            throw ApiException.forbidden(null, "X-Tenant does not match the token's tenant");
        }
        return new TenantScope(tenant);
    }

    /**
     * How the audit log names this caller: an API key by its id; an admin by the token's subject
     * and issuer ({@code admin:<sub>@<iss>}), which the identity provider fixes, never by a display
     * name (upn, preferred_username) that a user may edit.
     */
    public String actor() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String actor = "admin:" + jwt.getSubject() + "@" + jwt.getIssuer();
            // the column's width; sub and iss come from the identity provider, not from a client
            return actor.length() <= MAX_ACTOR_LENGTH ? actor : actor.substring(0, MAX_ACTOR_LENGTH);
        }
        return identity.getPrincipal().getName();
    }

    public String ip() {
        return clientAddress.of(request);
    }
}
