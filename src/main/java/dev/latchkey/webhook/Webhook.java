package dev.latchkey.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An application's webhook: where its events go, which of them, and the sealed signing secret. */
@Entity
@Table(name = "webhook")
public class Webhook {

    @Id
    public UUID id;

    @Column(name = "application_id")
    public UUID applicationId;

    public String url;

    /** Wire names of the subscribed event types. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> events;

    public String description;

    @Column(name = "secret_sealed")
    public String secretSealed;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The secret before the last rotation, sealed; it signs beside the current one until {@link #previousSecretExpiresAt}. */
    @Column(name = "previous_secret_sealed")
    public String previousSecretSealed;

    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;
}
