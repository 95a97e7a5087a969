package dev.latchkey.application;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.admin.TenantScope;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.common.Ids;
import dev.latchkey.common.Page;
import dev.latchkey.common.Timestamps;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.RedirectUrls;
import dev.latchkey.key.ApiKeyRepository;
import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

@ApplicationScoped
@Transactional
public class ApplicationService {

    static final List<String> DEFAULT_AUTH_METHODS = List.of("email_password");

    @Inject
    ApplicationRepository applications;

    @Inject
    AuthProviderConfig authProviders;

    @Inject
    TenantService tenants;

    @Inject
    ApplicationKeys keys;

    @Inject
    AuditLog audit;

    @Inject
    ApiKeyRepository storedKeys;

    @Inject
    Outbox outbox;

    /** A new application with its four keys; the answer is the only one that shows the secrets. */
    public ApplicationView create(TenantScope scope, ApplicationFields fields) {
        String tenantId = tenants.require(scope.requireTenant()).id;
        if (fields.name() == null) {
            throw ApiException.invalidRequest("name: must not be blank");
        }
        Instant now = Timestamps.now();
        Application app = new Application();
        app.id = UUID.randomUUID();
        app.tenantId = tenantId;
        app.authMethods = DEFAULT_AUTH_METHODS;
        app.allowedOrigins = List.of();
        app.scopes = List.of();
        app.publishableScopes = List.of();
        app.emailVerification = "optional";
        app.redirectUrls = List.of();
        app.realtimeRules = "[]";
        app.externalIssuers = "[]";
        app.createdAt = now;
        apply(app, fields);
        app.updatedAt = now;
        applications.persist(app);
        Map<String, KeyPairView> minted = keys.mintDefaults(app);
        audit.record("application.create", tenantId, app.id, "application:" + app.id);
        return ApplicationView.of(app, minted);
    }

    public Page<ApplicationView> list(TenantScope scope, int limit, String after) {
        List<Application> rows = after == null
                ? applications.listForTenant(scope.tenantId(), Page.lookahead(limit))
                : applications.listForTenantAfter(scope.tenantId(), require(scope, after), Page.lookahead(limit));
        return Page.of(rows, limit, app -> app.id.toString()).map(shown -> {
            Map<UUID, Map<String, KeyPairView>> hints = keys.hintsOf(shown);
            return shown.stream().map(app -> ApplicationView.of(app, hints.get(app.id))).toList();
        });
    }

    public ApplicationView view(Application app) {
        return ApplicationView.of(app, keys.hintsOf(List.of(app)).get(app.id));
    }

    /** The application if it exists within the caller's tenants; another tenant's answers 404 like a missing one. */
    public Application require(TenantScope scope, String id) {
        Application app = applications.findById(Ids.parse(id, "Application"));
        if (app == null || !scope.covers(app.tenantId)) {
            throw ApiException.notFound("Application");
        }
        return app;
    }

    public ApplicationView update(TenantScope scope, String id, ApplicationFields fields) {
        Application app = require(scope, id);
        apply(app, fields);
        app.configVersion++;
        app.updatedAt = Timestamps.now();
        audit.record("application.update", app.tenantId, app.id, "application:" + app.id, fields.present());
        outbox.applicationEvent(EventType.APPLICATION_UPDATED, app.tenantId, app.id,
                Map.of("application", Map.of("id", app.id, "name", app.name), "changes", fields.present()), storedKeys.hashesOf(app.id));
        return view(app);
    }

    /**
     * Something identify shows that lives beside the application (its sign-in providers) changed:
     * a new configuration version, and every instance's cached copy refreshed, as by an update.
     */
    public void configurationChanged(Application app, String change) {
        app.configVersion++;
        app.updatedAt = Timestamps.now();
        outbox.applicationEvent(EventType.APPLICATION_UPDATED, app.tenantId, app.id,
                Map.of("application", Map.of("id", app.id, "name", app.name), "changes", List.of(change)), storedKeys.hashesOf(app.id));
    }

    /** Deletes the application; its keys go with it (the database cascades). */
    public void delete(TenantScope scope, String id) {
        Application app = require(scope, id);
        outbox.applicationEvent(null, app.tenantId, app.id, null, storedKeys.hashesOf(app.id));
        applications.delete(app);
        audit.record("application.delete", app.tenantId, app.id, "application:" + app.id);
    }

    /** Copies the fields present; list entries are kept once each, in the order given. */
    private void apply(Application app, ApplicationFields fields) {
        if (fields.name() != null) {
            app.name = fields.name().trim();
        }
        if (fields.authMethods() != null) {
            app.authMethods = List.copyOf(new LinkedHashSet<>(fields.authMethods()));
        }
        if (fields.branding() != null) {
            app.logoUrl = fields.branding().logoUrl();
            app.primaryColor = fields.branding().primaryColor();
            app.backgroundColor = fields.branding().backgroundColor();
        }
        if (fields.mfaRequired() != null) {
            app.mfaRequired = fields.mfaRequired();
        }
        if (fields.allowedOrigins() != null) {
            app.allowedOrigins = List.copyOf(new LinkedHashSet<>(fields.allowedOrigins()));
        }
        if (fields.scopes() != null) {
            app.scopes = List.copyOf(new LinkedHashSet<>(fields.scopes()));
        }
        if (fields.publishableScopes() != null) {
            app.publishableScopes = List.copyOf(new LinkedHashSet<>(fields.publishableScopes()));
        }
        if (fields.emailVerification() != null) {
            app.emailVerification = fields.emailVerification();
        }
        if (fields.redirectUrls() != null) {
            app.redirectUrls = RedirectUrls.validated(fields.redirectUrls());
        }
        if (fields.realtimeRules() != null) {
            app.realtimeRules = TopicRule.render(TopicRule.validated(fields.realtimeRules()));
        }
        if (fields.externalIssuers() != null) {
            app.externalIssuers = ExternalIssuer.render(ExternalIssuer.validated(fields.externalIssuers(),
                    authProviders.allowInsecureProviders()));
        }
        if (!app.scopes.containsAll(app.publishableScopes)) {
            throw ApiException.invalidRequest("publishable_scopes must all be among the application's scopes");
        }
    }
}
