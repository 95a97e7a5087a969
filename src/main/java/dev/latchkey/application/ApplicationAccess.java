package dev.latchkey.application;

import java.util.List;
import java.util.UUID;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.Ids;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * For the few admin-plane endpoints that an application's own secret key may also call: an admin
 * token reaches both environments of its tenant's applications; a secret key holding the
 * permission reaches its own application, in its own environment only. Publishable keys never.
 */
@RequestScoped
public class ApplicationAccess {

    @Inject
    KeyCaller caller;

    @Inject
    AdminCaller admin;

    @Inject
    ApplicationService applications;

    /** Whom a call reaches: an application and the environments the caller may act on in it. */
    public record Reach(String tenantId, UUID applicationId, List<Environment> environments) {
    }

    public Reach require(String applicationId, Permissions.Resource resource, Permissions.Level level) {
        String permission = resource.wire() + ":" + level.wire();
        VerifiedKey key = caller.current();
        if (key == null) {
            Application app = applications.require(admin.scope(permission), applicationId);
            return new Reach(app.tenantId, app.id, List.of(Environment.LIVE, Environment.TEST));
        }
        if (key.type() != KeyType.SECRET) {
            throw ApiException.forbidden(permission, "Publishable keys cannot do this; use a secret key or an admin token");
        }
        key.permissions().require(resource, level);
        if (!key.applicationId().equals(Ids.parse(applicationId, "Application"))) {
            throw ApiException.notFound("Application");
        }
        return new Reach(key.tenantId(), key.applicationId(), List.of(key.environment()));
    }
}
