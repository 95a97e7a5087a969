package dev.latchkey.application;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A workspace: owns applications, managed by holders of its admin tokens. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    public String id;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;
}
