package dev.latchkey.verification;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.caller.Branding;
import dev.latchkey.caller.CreditsSpec;
import dev.latchkey.caller.IpAllowlist;
import dev.latchkey.caller.PublicConfig;
import dev.latchkey.caller.RateLimitSpec;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyHasher;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import dev.latchkey.verification.cache.CachedCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The key check's one database query: a key by its keyed hashes, with its application. A
 * prepared projection of the columns the check needs, in autocommit (no transaction, no entity
 * loading): one round trip to PostgreSQL.
 */
@ApplicationScoped
public class KeyLookup {

    private static final String SELECT = """
            select k.id, k.type, k.environment, k.key_hash, k.hash_version, k.permissions::text, k.rate_limit,
                   k.rate_limit_window_seconds, k.scopes, k.expires_at, k.revoked_at, k.name, k.meta::text, k.external_id,
                   k.enabled, k.ip_allowlist, k.credits_remaining is not null, k.credits_refill_amount,
                   k.credits_refill_interval, k.credits_version,
                   a.id, a.tenant_id, a.name, a.auth_methods, a.logo_url, a.primary_color, a.background_color,
                   a.mfa_required, a.allowed_origins, a.scopes, a.publishable_scopes, a.email_verification, a.redirect_urls,
                   a.config_version,
                   array(select lower(p.environment) || ':' || p.provider from auth_provider p
                         where p.application_id = a.id order by p.provider)
            from api_key k join application a on a.id = k.application_id
            where k.key_hash = any (?) limit 1""";
    private static final TypeReference<Map<String, String>> PERMISSIONS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> META = new TypeReference<>() {
    };

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /** What PostgreSQL says of a key, and the hex of its hash as stored (null when unknown). */
    public record Loaded(CachedCheck check, String storedHash) {
    }

    /** Blocking: one query. */
    public Loaded byHashes(List<KeyHasher.VersionedHash> candidates) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(SELECT)) {
            query.setArray(1, connection.createArrayOf("bytea", candidates.stream().map(KeyHasher.VersionedHash::hash).toArray(byte[][]::new)));
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return new Loaded(CachedCheck.UNKNOWN, null);
                }
                byte[] stored = row.getBytes(4);
                if (!matches(stored, row.getInt(5), candidates)) {
                    return new Loaded(CachedCheck.UNKNOWN, null);
                }
                return new Loaded(new CachedCheck(key(row), instant(row, 11)), HexFormat.of().formatHex(stored));
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("The key lookup failed", e);
        }
    }

    private VerifiedKey key(ResultSet row) throws SQLException, java.io.IOException {
        PublicConfig application = new PublicConfig(row.getObject(21, UUID.class), row.getString(22), row.getString(23),
                strings(row, 24), new Branding(row.getString(25), row.getString(26), row.getString(27)), row.getBoolean(28),
                strings(row, 29), strings(row, 30), strings(row, 31), row.getString(32), strings(row, 33), row.getLong(34),
                strings(row, 35));
        List<String> scopes = row.getArray(9) == null ? null : strings(row, 9);
        String meta = row.getString(13);
        List<String> allowlist = row.getArray(16) == null ? null : strings(row, 16);
        CreditsSpec credits = !row.getBoolean(17) ? null
                : new CreditsSpec((Long) row.getObject(18, Long.class), row.getString(19), row.getLong(20));
        return new VerifiedKey(row.getObject(1, UUID.class), KeyType.valueOf(row.getString(2)), Environment.valueOf(row.getString(3)),
                Permissions.fromStored(json.readValue(row.getString(6), PERMISSIONS)),
                instant(row, 10), RateLimitSpec.ofStored((Integer) row.getObject(7, Integer.class), (Integer) row.getObject(8, Integer.class)),
                scopes, application, row.getString(12), meta == null ? null : json.readValue(meta, META), row.getString(14),
                row.getBoolean(15), IpAllowlist.of(allowlist), credits);
    }

    private static List<String> strings(ResultSet row, int column) throws SQLException {
        Array array = row.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** The index matched; confirm in constant time against the hash under the key's own secret version. */
    private static boolean matches(byte[] stored, int version, List<KeyHasher.VersionedHash> candidates) {
        for (KeyHasher.VersionedHash candidate : candidates) {
            if (candidate.version() == version) {
                return KeyHasher.sameHash(candidate.hash(), stored);
            }
        }
        return false;
    }
}
