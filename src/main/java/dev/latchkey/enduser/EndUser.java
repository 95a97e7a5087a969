package dev.latchkey.enduser;

import java.time.Instant;
import java.util.UUID;

import dev.latchkey.key.Environment;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user of an application in one environment; the password is kept only as a bcrypt hash. */
@Entity
@Table(name = "end_user")
public class EndUser {

    @Id
    public UUID id;

    @Column(name = "application_id")
    public UUID applicationId;

    @Enumerated(EnumType.STRING)
    public Environment environment;

    public String email;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "created_at")
    public Instant createdAt;

    /** A disabled user cannot sign in, and its sessions have ended. */
    public boolean disabled;

    @Column(name = "email_verified")
    public boolean emailVerified;

    @Column(name = "last_sign_in_at")
    public Instant lastSignInAt;
}
