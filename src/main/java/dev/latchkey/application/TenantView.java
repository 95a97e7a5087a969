package dev.latchkey.application;

import java.time.Instant;

public record TenantView(String id, String name, Instant createdAt) {

    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id, tenant.name, tenant.createdAt);
    }
}
