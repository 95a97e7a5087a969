package dev.latchkey.admin;

import dev.latchkey.http.ApiException;

/** The tenant an admin acts on; {@code tenantId} null means every tenant (a platform admin without X-Tenant). */
public record TenantScope(String tenantId) {

    public boolean covers(String tenant) {
        return tenantId == null || tenantId.equals(tenant);
    }

    /** The tenant new objects go to: a platform admin must name it with X-Tenant. */
    public String requireTenant() {
        if (tenantId == null) {
            throw ApiException.invalidRequest("X-Tenant is required: name the tenant to act on");
        }
        return tenantId;
    }
}
