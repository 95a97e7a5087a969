package dev.latchkey.data;

import java.time.Instant;
import java.util.UUID;

import dev.latchkey.key.Environment;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UuidGenerator;
import org.hibernate.type.SqlTypes;

/** A JSON document; the system fields ({@code _id}, {@code _owner}, times) are columns, never part of the body. */
@Entity
@Table(name = "document")
public class Document {

    /** Time-ordered (UUIDv7), so a listing in id order is a listing in creation order. */
    @Id
    @UuidGenerator(style = UuidGenerator.Style.VERSION_7)
    public UUID id;

    @Column(name = "application_id")
    public UUID applicationId;

    @Enumerated(EnumType.STRING)
    public Environment environment;

    public String collection;

    @Column(name = "owner_id")
    public UUID ownerId;

    /** The client's fields as JSON text; PostgreSQL keeps it as jsonb. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String body;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
