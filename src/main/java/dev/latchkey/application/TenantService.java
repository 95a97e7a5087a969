package dev.latchkey.application;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

import dev.latchkey.admin.TenantScope;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.common.Page;
import dev.latchkey.common.SecureRandoms;
import dev.latchkey.common.Timestamps;
import dev.latchkey.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

@ApplicationScoped
@Transactional
public class TenantService {

    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    @Inject
    TenantRepository tenants;

    @Inject
    AuditLog audit;

    public Tenant create(TenantRequest request) {
        String id = request.id() != null ? request.id() : generateId(request.name());
        if (tenants.findById(id) != null) {
            throw ApiException.conflict("A tenant with id '" + id + "' already exists");
        }
        Tenant tenant = new Tenant();
        tenant.id = id;
        tenant.name = request.name().trim();
        tenant.createdAt = Timestamps.now();
        tenants.persist(tenant);
        audit.record("tenant.create", id, null, "tenant:" + id);
        return tenant;
    }

    /** The tenants a scope covers: all of them for a platform admin, else the one it names. */
    public Page<TenantView> list(TenantScope scope, int limit, String after) {
        List<Tenant> rows = scope.tenantId() == null
                ? tenants.listAfter(after, Page.lookahead(limit))
                : Stream.of(tenants.findById(scope.tenantId())).filter(Objects::nonNull).toList();
        return Page.of(rows, limit, tenant -> tenant.id).map(shown -> shown.stream().map(TenantView::of).toList());
    }

    public Tenant require(String id) {
        Tenant tenant = tenants.findById(id);
        if (tenant == null) {
            throw ApiException.notFound("Tenant");
        }
        return tenant;
    }

    /** "Acme Corp" becomes "acme-corp-x7k2q9": readable, and unique enough not to collide in practice. */
    private static String generateId(String name) {
        String slug = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        StringBuilder id = new StringBuilder(slug.isEmpty() ? "tenant" : slug).append('-');
        for (int i = 0; i < 6; i++) {
            id.append(SUFFIX_ALPHABET.charAt(SecureRandoms.get().nextInt(SUFFIX_ALPHABET.length())));
        }
        return id.toString();
    }
}
