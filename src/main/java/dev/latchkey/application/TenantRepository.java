package dev.latchkey.application;

import java.util.List;

import io.quarkus.panache.common.Sort;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, String> {

    /** Tenants in id order, after {@code after} when given. */
    public List<Tenant> listAfter(String after, int rows) {
        return (after == null ? findAll(Sort.by("id")) : find("id > ?1", Sort.by("id"), after)).page(0, rows).list();
    }
}
