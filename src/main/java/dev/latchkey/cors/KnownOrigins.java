package dev.latchkey.cors;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Whether any application lists an origin. A preflight carries no API key, so this is all it can
 * be judged on; the real request is then checked against its own application's list. Answers are
 * remembered briefly (bounded), so a flood of preflights does not become a flood of queries.
 */
@ApplicationScoped
public class KnownOrigins {

    private static final int MAX_ORIGIN_LENGTH = 300;

    private final Cache<String, Boolean> answers = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();

    @Inject
    EntityManager entityManager;

    @Transactional
    public boolean allowedAnywhere(String origin) {
        if (origin == null || origin.length() > MAX_ORIGIN_LENGTH) {
            return false;
        }
        return answers.get(origin, this::query);
    }

    private boolean query(String origin) {
        return (Boolean) entityManager.createNativeQuery(
                        "select exists (select 1 from application where allowed_origins @> array[cast(?1 as text)])")
                .setParameter(1, origin)
                .getSingleResult();
    }
}
