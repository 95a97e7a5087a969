package dev.latchkey.data;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** A collection's settings. A collection nobody configured reads as RLS off, public reads. */
@Entity
@Table(name = "collection")
public class DataCollection {

    @EmbeddedId
    public CollectionId id;

    @Column(name = "rls_enabled")
    public boolean rlsEnabled;

    @Enumerated(EnumType.STRING)
    @Column(name = "read_access")
    public ReadAccess readAccess;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
