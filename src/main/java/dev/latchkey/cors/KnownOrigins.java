package dev.latchkey.cors;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import dev.latchkey.common.LocalCaches;
import dev.latchkey.ratelimit.LookupBudget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Whether any application lists an origin. A preflight carries no API key, so this is all it can
 * be judged on; the real request is then checked against its own application's list. Answers are
 * remembered briefly (bounded); an origin not remembered is asked of PostgreSQL only within the
 * client address's lookup budget ({@link LookupBudget}), so a flood of new origins is not a flood
 * of queries.
 */
@ApplicationScoped
public class KnownOrigins {

    private static final int MAX_ORIGIN_LENGTH = 300;

    private final Cache<String, Boolean> answers = LocalCaches.expiringAfterWrite(LocalCaches.ORIGIN_ANSWERS, Duration.ofSeconds(30));

    @Inject
    EntityManager entityManager;

    @Inject
    LookupBudget budget;

    /** Remembered answers at once; a new origin spends from the address's budget (429 past it), then queries. Blocking. */
    @Transactional
    public boolean allowedAnywhere(String origin, String address) {
        if (origin == null || origin.length() > MAX_ORIGIN_LENGTH) {
            return false;
        }
        Boolean known = answers.getIfPresent(origin);
        if (known != null) {
            return known;
        }
        boolean allowed = budget.perAddress(address, () -> budget.cluster(() -> query(origin), listed -> listed), listed -> listed);
        answers.put(origin, allowed);
        return allowed;
    }

    private boolean query(String origin) {
        return (Boolean) entityManager.createNativeQuery(
                        "select exists (select 1 from application where allowed_origins @> array[cast(?1 as text)])")
                .setParameter(1, origin)
                .getSingleResult();
    }
}
