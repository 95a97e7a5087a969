package dev.latchkey.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One product of a tenant, with the public configuration its publishable keys load. */
@Entity
@Table(name = "application")
public class Application {

    @Id
    public UUID id;

    @Column(name = "tenant_id")
    public String tenantId;

    public String name;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "auth_methods")
    public List<String> authMethods;

    @Column(name = "logo_url")
    public String logoUrl;

    @Column(name = "primary_color")
    public String primaryColor;

    @Column(name = "background_color")
    public String backgroundColor;

    @Column(name = "mfa_required")
    public boolean mfaRequired;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_origins")
    public List<String> allowedOrigins;

    /** The application's own scopes for its own API (custom scopes). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> scopes;

    /** The part of {@link #scopes} that publishable keys hold. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "publishable_scopes")
    public List<String> publishableScopes;

    /** Whether end users verify their e-mail: required, optional or off (CONTRACT section 13). */
    @Column(name = "email_verification")
    public String emailVerification;

    /** Where mailed links (and social sign-in) may return to. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "redirect_urls")
    public List<String> redirectUrls;

    /** Who may publish and subscribe to which realtime topics, as JSON ({@link TopicRule}). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "realtime_rules")
    public String realtimeRules;

    /** Identity providers whose tokens the exchange accepts, as JSON ({@link ExternalIssuer}). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "external_issuers")
    public String externalIssuers;

    /** Raised by every configuration change. */
    @Column(name = "config_version")
    public long configVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
