package dev.latchkey.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One management action; the table refuses updates and deletes. */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "application_id")
    public UUID applicationId;

    public Instant at;

    public String actor;

    public String action;

    public String target;

    public String ip;

    /** The fields a change touched, by name (never their values); null when the action says it all. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> changes;
}
