package dev.latchkey.verification;

import java.security.Permission;

import dev.latchkey.common.ApiException;
import dev.latchkey.key.Permissions;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a well-formed key into an identity: from the in-process cache on the calling thread, or
 * else on a worker thread, since the check may then query Redis and PostgreSQL.
 * The identity answers {@code @PermissionsAllowed("data:read")} and the like from the key's
 * permissions, write implying read.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    /** The identity attribute holding the {@link VerifiedKey}. */
    public static final String KEY_ATTRIBUTE = "latchkey.key";

    @Inject
    KeyCheck check;

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    /** Answers from the in-process cache at once; only a miss moves to a worker thread. */
    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        try {
            VerifiedKey warm = check.fromMemory(request.key(), request.origin());
            if (warm != null) {
                return Uni.createFrom().item(identityOf(warm));
            }
        } catch (ApiException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
        return context.runBlocking(() -> identityOf(check.verify(request.key(), request.origin(), request.address())))
                .onFailure(ApiException.class).transform(AuthenticationFailedException::new);
    }

    private static SecurityIdentity identityOf(VerifiedKey key) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("key:" + key.keyId()))
                .addAttribute(KEY_ATTRIBUTE, key)
                .addPermissionChecker(permission -> Uni.createFrom().item(allows(key, permission)))
                .build();
    }

    private static boolean allows(VerifiedKey key, Permission permission) {
        if (!(permission instanceof StringPermission wanted)) {
            return false;
        }
        Permissions.Resource resource = Permissions.Resource.fromWire(wanted.getName());
        Permissions.Level level = Permissions.Level.fromWire(wanted.getActions());
        return resource != null && level != null && key.permissions().allows(resource, level);
    }
}
