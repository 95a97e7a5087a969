package dev.latchkey.data;

import java.util.List;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.application.Application;
import dev.latchkey.application.ApplicationService;
import dev.latchkey.common.ApiException;
import dev.latchkey.common.Ids;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import dev.latchkey.verification.ApiKeyIdentityProvider;
import dev.latchkey.verification.VerifiedKey;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Collection settings, by an admin token (both environments, or the one named) or by the
 * application's own secret key with {@code data:write} (its own environment only: a test key
 * never changes how live data is guarded).
 */
@Path("/api/v1/applications/{id}/collections/{name}")
@Authenticated
public class CollectionSettingsResource {

    private static final String PERMISSION = "data:write";

    @Inject
    SecurityIdentity identity;

    @Inject
    AdminCaller admin;

    @Inject
    ApplicationService applications;

    @Inject
    CollectionSettingsService collections;

    @PUT
    public CollectionView put(@PathParam("id") String id, @PathParam("name") String name, CollectionSettings settings) {
        VerifiedKey key = identity.getAttribute(ApiKeyIdentityProvider.KEY_ATTRIBUTE);
        return key == null ? asAdmin(id, name, settings) : asKey(key, id, name, settings);
    }

    private CollectionView asAdmin(String id, String name, CollectionSettings settings) {
        Application app = applications.require(admin.scope(PERMISSION), id);
        List<Environment> environments = settings != null && settings.environment() != null
                ? List.of(settings.environment()) : List.of(Environment.LIVE, Environment.TEST);
        return collections.update(app.tenantId, app.id, environments, name, settings);
    }

    private CollectionView asKey(VerifiedKey key, String id, String name, CollectionSettings settings) {
        if (key.type() != KeyType.SECRET) {
            throw ApiException.forbidden(PERMISSION, "Publishable keys cannot change collection settings");
        }
        key.permissions().require(Permissions.Resource.DATA, Permissions.Level.WRITE);
        if (!key.applicationId().equals(Ids.parse(id, "Application"))) {
            throw ApiException.notFound("Application");
        }
        if (settings != null && settings.environment() != null && settings.environment() != key.environment()) {
            throw ApiException.forbidden(PERMISSION, "A key changes the collections of its own environment only");
        }
        return collections.update(key.tenantId(), key.applicationId(), List.of(key.environment()), name, settings);
    }
}
