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
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * For the few admin-plane endpoints that an application's own secret key may also call, once the
 * endpoint's declared permission has passed: an admin token reaches both environments of its
 * tenant's applications; a secret key its own application, in its own environment only; a
 * publishable key nothing (it holds users:read for sign-ins, never for user management).
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

    public Reach require(String applicationId) {
        VerifiedKey key = caller.current();
        if (key == null) {
            Application app = applications.require(admin.scope(), applicationId);
            return new Reach(app.tenantId, app.id, List.of(Environment.LIVE, Environment.TEST));
        }
        if (key.type() == KeyType.PUBLISHABLE) {
            throw ApiException.forbidden(null, "A publishable key cannot call the admin API; use a secret key or an admin token");
        }
        if (!key.applicationId().equals(Ids.parse(applicationId, "Application"))) {
            throw ApiException.notFound("Application");
        }
        return new Reach(key.tenantId(), key.applicationId(), List.of(key.environment()));
    }
}
