package dev.latchkey.credits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.latchkey.key.ApiKey;
import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Leases credits out of PostgreSQL, the one count every instance shares: one atomic statement takes
 * a batch (row-locked, so two instances never lease the same credit), starting a new refill period
 * from the refill amount. A batch is a 64th of what is left (at most {@value #MAX_BATCH}) and never
 * less than the request needs, so it shrinks to single credits near zero. A key replaced by a
 * rotation has nothing left to lease, in any period: its credits moved to its successor.
 */
@ApplicationScoped
public class CreditStore {

    static final int MAX_BATCH = 10_000;
    static final long LOW_WITHOUT_REFILL = 10;
    private static final String TAKE = """
            with k as (
              select id, case when replaced_by is not null then 0
                              when credits_refill_interval is not null and credits_period is distinct from :period
                              then credits_refill_amount else credits_remaining end as effective
              from api_key where id = :id and credits_remaining is not null for update)
            update api_key a set
              credits_remaining = k.effective - least(k.effective, greatest(:need, least(:maxBatch, k.effective / 64))),
              credits_period = :period
            from k where a.id = k.id
            returning least(k.effective, greatest(:need, least(:maxBatch, k.effective / 64))), a.credits_remaining, k.effective,
                      a.credits_refill_amount""";

    private static final String UNLEASED = """
            select case when replaced_by is not null then 0
                        when credits_refill_interval is not null and credits_period is distinct from ?
                        then credits_refill_amount else credits_remaining end
            from api_key where id = ? and credits_remaining is not null""";

    @Inject
    EntityManager entityManager;

    @Inject
    DataSource dataSource;

    @Inject
    Outbox outbox;

    /** What a lease got: credits now held by this instance, and what is left unleased after it. */
    public record Taken(long granted, long unleased) {
    }

    /**
     * What no instance has leased, in {@code period} (a period the key was not used in starts from
     * the refill amount); null when the key has no credits. Blocking: one query in autocommit, so
     * it needs no transaction or request context.
     */
    public Long unleased(UUID keyId, long period) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(UNLEASED)) {
            query.setLong(1, period);
            query.setObject(2, keyId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading a key's credits failed", e);
        }
    }

    /**
     * {@code key.credits_low}, in the lease's transaction, when this lease takes what no instance has
     * leased to 10% of the refill amount, or to {@value #LOW_WITHOUT_REFILL} without a refill. The count
     * is the unleased one, so the event may come up to the other instances' leases early, never late.
     */
    private void announceLow(UUID keyId, long remaining) {
        outbox.keyEvent(EventType.KEY_CREDITS_LOW, entityManager.find(ApiKey.class, keyId), Map.of("remaining", remaining));
    }

    /** Takes at least {@code need} credits (or all that are left) for this period. Blocking: a worker thread. */
    public Taken take(UUID keyId, long period, long need) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var rows = entityManager.createNativeQuery(TAKE).setParameter("id", keyId).setParameter("period", period)
                    .setParameter("need", need).setParameter("maxBatch", MAX_BATCH).getResultList();
            if (rows.isEmpty()) {
                return new Taken(0, 0); // credits were removed meanwhile: the next snapshot says unlimited
            }
            Object[] row = (Object[]) rows.getFirst();
            long after = ((Number) row[1]).longValue();
            long low = row[3] == null ? LOW_WITHOUT_REFILL : ((Number) row[3]).longValue() / 10;
            if (((Number) row[2]).longValue() > low && after <= low) {
                announceLow(keyId, after);
            }
            return new Taken(((Number) row[0]).longValue(), after);
        });
    }
}
