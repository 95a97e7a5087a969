package dev.latchkey.permission;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions.Level;
import dev.latchkey.key.Permissions.Resource;
import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What each permission an endpoint declares means for each kind of credential: an admin token by
 * its role, an API key by its permissions (write implying read). Endpoints an admin may call
 * declare it with {@code @PermissionsAllowed(CallerPermissions.KEYS_WRITE)} (Quarkus security
 * asks the checkers below); the key plane's endpoints, which only API keys call, with
 * {@code @ApiKeyOnly(CallerPermissions.DATA_READ)} (their filter asks {@link #require}). Both
 * apply {@link #keyHolds}. The rules that need the data itself stay
 * where the data is read: which tenant an admin acts on ({@link AdminCaller#scope()}), which
 * application and environment a key reaches, which rows an end user owns (row-level security).
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
    /** Publishable keys read data by design (their permissions hold {@code data: read}). */
    public static final String DATA_READ = "data:read";
    /** Secret keys holding it; and admins, for a collection's settings. */
    public static final String DATA_WRITE = "data:write";
    /**
     * Writing documents as the end user of a publishable key, to the rows row-level security
     * gives them: the data API's writes accept it or {@link #DATA_WRITE}.
     */
    public static final String DATA_WRITE_OWN_ROWS = "data:write-own-rows";
    /** Publishable keys sign users up and in by design; a restricted secret key needs the permission. */
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
        return adminOrKey(identity, APPLICATIONS_READ);
    }

    @PermissionChecker(APPLICATIONS_WRITE)
    boolean writesApplications(SecurityIdentity identity) {
        return adminOrKey(identity, APPLICATIONS_WRITE);
    }

    /** Listing keys (admins, secret keys holding it). */
    @PermissionChecker(KEYS_READ)
    boolean readsKeys(SecurityIdentity identity) {
        return adminOrKey(identity, KEYS_READ);
    }

    @PermissionChecker(KEYS_WRITE)
    boolean writesKeys(SecurityIdentity identity) {
        return adminOrKey(identity, KEYS_WRITE);
    }

    @PermissionChecker(AUDIT_READ)
    boolean readsAudit(SecurityIdentity identity) {
        return adminOrKey(identity, AUDIT_READ);
    }

    @PermissionChecker(ANALYTICS_READ)
    boolean readsAnalytics(SecurityIdentity identity) {
        return adminOrKey(identity, ANALYTICS_READ);
    }

    /** Managing end users: admins, and secret keys holding it (ApplicationAccess refuses publishable keys there). */
    @PermissionChecker(USERS_READ)
    boolean readsUsers(SecurityIdentity identity) {
        return adminOrKey(identity, USERS_READ);
    }

    @PermissionChecker(USERS_WRITE)
    boolean writesUsers(SecurityIdentity identity) {
        return adminOrKey(identity, USERS_WRITE);
    }

    /** A collection's documents through the admin plane (the console's view; the data API asks {@link #require}). */
    @PermissionChecker(DATA_READ)
    boolean readsData(SecurityIdentity identity) {
        return adminOrKey(identity, DATA_READ);
    }

    /** A collection's settings. */
    @PermissionChecker(DATA_WRITE)
    boolean writesData(SecurityIdentity identity) {
        return adminOrKey(identity, DATA_WRITE);
    }

    /** An admin token (platform or tenant admin), or a key holding the permission. */
    private static boolean adminOrKey(SecurityIdentity identity, String permission) {
        VerifiedKey key = KeyCaller.of(identity);
        if (key == null) {
            return identity.hasRole(AdminCaller.PLATFORM_ADMIN) || identity.hasRole(AdminCaller.TENANT_ADMIN);
        }
        return keyHolds(key, permission);
    }

    /** Whether an API key holds a permission. Tenants are an admin's only. */
    public static boolean keyHolds(VerifiedKey key, String permission) {
        return switch (permission) {
            case APPLICATIONS_READ -> secretKeyHolds(key, Resource.APPLICATIONS, Level.READ);
            case APPLICATIONS_WRITE -> secretKeyHolds(key, Resource.APPLICATIONS, Level.WRITE);
            case KEYS_READ -> secretKeyHolds(key, Resource.KEYS, Level.READ);
            case KEYS_WRITE -> secretKeyHolds(key, Resource.KEYS, Level.WRITE);
            case AUDIT_READ -> secretKeyHolds(key, Resource.AUDIT, Level.READ);
            case ANALYTICS_READ -> secretKeyHolds(key, Resource.ANALYTICS, Level.READ);
            case DATA_READ -> key.permissions().allows(Resource.DATA, Level.READ);
            case DATA_WRITE -> secretKeyHolds(key, Resource.DATA, Level.WRITE);
            case DATA_WRITE_OWN_ROWS -> key.type() == KeyType.PUBLISHABLE;
            case USERS_READ -> key.type() == KeyType.PUBLISHABLE || key.permissions().allows(Resource.USERS, Level.READ);
            case USERS_WRITE -> key.type() == KeyType.PUBLISHABLE || key.permissions().allows(Resource.USERS, Level.WRITE);
            default -> false;
        };
    }

    /**
     * For a key-plane endpoint, outside Quarkus security ({@code verification/ApiKeyOnly}): the key
     * when it holds one of the permissions (or none are declared), else 403 naming the first.
     */
    public static VerifiedKey require(VerifiedKey key, String[] permissions) {
        if (permissions.length == 0) {
            return key;
        }
        for (String permission : permissions) {
            if (keyHolds(key, permission)) {
                return key;
            }
        }
        throw ApiException.lacksPermission(permissions[0]);
    }

    private static boolean secretKeyHolds(VerifiedKey key, Resource resource, Level level) {
        return key.type() == KeyType.SECRET && key.permissions().allows(resource, level);
    }
}
