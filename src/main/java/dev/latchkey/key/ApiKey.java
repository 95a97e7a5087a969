package dev.latchkey.key;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A stored API key. The key itself is never stored, only its keyed hash (and, for publishable keys, its value).
 * <p>
 * An update writes only the columns it changed, and every admin write reads the row locked
 * ({@link ApiKeyRepository#lockInApplication}): a write that read the row before another committed
 * must not write that other's columns back (a PATCH of {@code meta} would un-revoke a key revoked
 * meanwhile, or give back credits leased meanwhile). The database keeps a revocation from being
 * undone or postponed whatever writes the row (V10).
 */
@Entity
@DynamicUpdate
@Table(name = "api_key")
public class ApiKey {

    @Id
    public UUID id;

    @Column(name = "application_id")
    public UUID applicationId;

    @Enumerated(EnumType.STRING)
    public Environment environment;

    @Enumerated(EnumType.STRING)
    public KeyType type;

    public String name;

    @Column(name = "key_hash")
    public byte[] keyHash;

    @Column(name = "hash_version")
    public int hashVersion;

    @Column(name = "publishable_value")
    public String publishableValue;

    public String hint;

    @Column(name = "is_primary")
    public boolean primary;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> permissions;

    @Column(name = "rate_limit")
    public Integer rateLimit;

    @Column(name = "rate_limit_window_seconds")
    public Integer rateLimitWindowSeconds;

    /** A restricted secret key's custom scopes; null: every scope of its application. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> scopes;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at")
    public Instant createdAt;

    /** End of validity: the revoke time, or the end of a rotation's grace period. */
    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "replaced_by")
    public UUID replacedBy;

    /** The operator's own data about the key (a JSON object of at most 1 KiB), returned as stored. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> meta;

    /** Who the key is for in the operator's own system. */
    @Column(name = "external_id")
    public String externalId;

    /** False: suspended (reversibly), refused as {@code api_key_disabled}. */
    public boolean enabled = true;

    /** A secret key's allowed client addresses and CIDR ranges; null: any address. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "ip_allowlist")
    public List<String> ipAllowlist;

    /** Uses left that no instance has leased; null: unlimited. */
    @Column(name = "credits_remaining")
    public Long creditsRemaining;

    @Column(name = "credits_refill_amount")
    public Long creditsRefillAmount;

    /** {@code daily}, {@code monthly}, or null (no refill). */
    @Column(name = "credits_refill_interval")
    public String creditsRefillInterval;

    /** The refill period {@link #creditsRemaining} belongs to. */
    @Column(name = "credits_period")
    public Long creditsPeriod;

    /** Raised by every admin change of the credits. */
    @Column(name = "credits_version")
    public long creditsVersion;

    /** When a secret key was first seen sent from a browser (CONTRACT section 9); null: never. */
    @Column(name = "exposed_at")
    public Instant exposedAt;

    /** When its owner was told it expires within 7 days ({@code key.expiring}, once per key). */
    @Column(name = "expiring_notified_at")
    public Instant expiringNotifiedAt;

    public boolean isRevokedAt(Instant now) {
        return revokedAt != null && !now.isBefore(revokedAt);
    }
}
