package dev.latchkey.enduser;

import java.util.Optional;
import java.util.UUID;

import dev.latchkey.key.Environment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** End users, always looked up within one application and environment. */
@ApplicationScoped
public class EndUserRepository implements PanacheRepositoryBase<EndUser, UUID> {

    public Optional<EndUser> findByEmail(UUID applicationId, Environment environment, String email) {
        return find("applicationId = ?1 and environment = ?2 and email = ?3", applicationId, environment, email)
                .firstResultOptional();
    }

    public Optional<EndUser> findInPartition(UUID applicationId, Environment environment, UUID id) {
        return find("id = ?1 and applicationId = ?2 and environment = ?3", id, applicationId, environment)
                .firstResultOptional();
    }
}
