package dev.latchkey.permission;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions.Level;
import dev.latchkey.key.Permissions.Resource;
import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What each permission an endpoint declares ({@code @PermissionsAllowed(CallerPermissions.KEYS_WRITE)})
 * means for each kind of credential: an admin token by its role, an API key by its permissions
 * (write implying read). The rules that need the data itself stay where the data is read: which
 * tenant an admin acts on ({@link AdminCaller#scope()}), which application and environment a key
 * reaches, which rows an end user owns (row-level security).
 * <p>
 * A refusal is a 403 {@code insufficient_permissions} naming the endpoint's first declared permission.
 */
@ApplicationScoped
public class CallerPermissions {

    public static final String TENANTS_READ = "tenants:read";
    public static final String TENANTS_WRITE = "tenants:write";
    public static final String APPLICATIONS_READ = "applications:read";
    public static final String APPLICATIONS_WRITE = "applications:write";
    public static final String KEYS_READ = "keys:read";
    public static final String KEYS_WRITE = "keys:write";
    public static final String AUDIT_READ = "audit:read";
    public static final String ANALYTICS_READ = "analytics:read";
    public static final String DATA_READ = "data:read";
    public static final String DATA_WRITE = "data:write";
    /**
     * Writing documents as the end user of a publishable key, to the rows row-level security
     * gives them: declared next to {@link #DATA_WRITE} on the data API's writes.
     */
    public static final String DATA_WRITE_OWN_ROWS = "data:write-own-rows";
    public static final String USERS_READ = "users:read";
    public static final String USERS_WRITE = "users:write";

    /** Any admin token: a platform admin sees every tenant, a tenant admin its own. */
    @PermissionChecker(TENANTS_READ)
    boolean readsTenants(SecurityIdentity identity) {
        return KeyCaller.of(identity) == null
                && (identity.hasRole(AdminCaller.PLATFORM_ADMIN) || identity.hasRole(AdminCaller.TENANT_ADMIN));
    }

    @PermissionChecker(TENANTS_WRITE)
    boolean writesTenants(SecurityIdentity identity) {
        return KeyCaller.of(identity) == null && identity.hasRole(AdminCaller.PLATFORM_ADMIN);
    }

    @PermissionChecker(APPLICATIONS_READ)
    boolean readsApplications(SecurityIdentity identity) {
        return adminOrSecretKey(identity, Resource.APPLICATIONS, Level.READ);
    }

    @PermissionChecker(APPLICATIONS_WRITE)
    boolean writesApplications(SecurityIdentity identity) {
        return adminOrSecretKey(identity, Resource.APPLICATIONS, Level.WRITE);
    }

    /** Listing keys (admins) and verifying them (the application's secret key). */
    @PermissionChecker(KEYS_READ)
    boolean readsKeys(SecurityIdentity identity) {
        return adminOrSecretKey(identity, Resource.KEYS, Level.READ);
    }

    @PermissionChecker(KEYS_WRITE)
    boolean writesKeys(SecurityIdentity identity) {
        return adminOrSecretKey(identity, Resource.KEYS, Level.WRITE);
    }

    @PermissionChecker(AUDIT_READ)
    boolean readsAudit(SecurityIdentity identity) {
        return adminOrSecretKey(identity, Resource.AUDIT, Level.READ);
    }

    @PermissionChecker(ANALYTICS_READ)
    boolean readsAnalytics(SecurityIdentity identity) {
        return adminOrSecretKey(identity, Resource.ANALYTICS, Level.READ);
    }

    /** Publishable keys read data by design (their permissions hold {@code data: read}). */
    @PermissionChecker(DATA_READ)
    boolean readsData(SecurityIdentity identity) {
        VerifiedKey key = KeyCaller.of(identity);
        return key != null && key.permissions().allows(Resource.DATA, Level.READ);
    }

    /** Secret keys holding it; and admins, for a collection's settings. */
    @PermissionChecker(DATA_WRITE)
    boolean writesData(SecurityIdentity identity) {
        return adminOrSecretKey(identity, Resource.DATA, Level.WRITE);
    }

    @PermissionChecker(DATA_WRITE_OWN_ROWS)
    boolean writesOwnRows(SecurityIdentity identity) {
        VerifiedKey key = KeyCaller.of(identity);
        return key != null && key.type() == KeyType.PUBLISHABLE;
    }

    /** Publishable keys sign users up and in by design; a restricted secret key needs the permission. */
    @PermissionChecker(USERS_READ)
    boolean readsUsers(SecurityIdentity identity) {
        return publishableOrSecretKey(identity, Level.READ);
    }

    @PermissionChecker(USERS_WRITE)
    boolean writesUsers(SecurityIdentity identity) {
        return publishableOrSecretKey(identity, Level.WRITE);
    }

    /** An admin token (platform or tenant admin), or a secret key holding the permission. */
    private static boolean adminOrSecretKey(SecurityIdentity identity, Resource resource, Level level) {
        VerifiedKey key = KeyCaller.of(identity);
        if (key == null) {
            return identity.hasRole(AdminCaller.PLATFORM_ADMIN) || identity.hasRole(AdminCaller.TENANT_ADMIN);
        }
        return key.type() == KeyType.SECRET && key.permissions().allows(resource, level);
    }

    private static boolean publishableOrSecretKey(SecurityIdentity identity, Level level) {
        VerifiedKey key = KeyCaller.of(identity);
        return key != null && (key.type() == KeyType.PUBLISHABLE || key.permissions().allows(Resource.USERS, level));
    }
}
