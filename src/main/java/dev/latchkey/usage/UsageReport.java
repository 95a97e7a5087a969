package dev.latchkey.usage;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Reads the flushed usage counts of an application back, per key and day. */
@ApplicationScoped
public class UsageReport {

    @Inject
    EntityManager entityManager;

    public UsageView of(UUID applicationId, List<Environment> environments, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select u.key_id, k.name, k.type, u.environment, u.day, u.outcome, u.count
                        from key_usage u join api_key k on k.id = u.key_id
                        where u.application_id = ?1 and u.environment in (?2) and u.day between ?3 and ?4
                        order by u.day, k.created_at, u.key_id, u.outcome""")
                .setParameter(1, applicationId)
                .setParameter(2, environments.stream().map(Environment::name).toList())
                .setParameter(3, from)
                .setParameter(4, to)
                .getResultList();
        Map<String, UsageView.KeyDay> days = new LinkedHashMap<>();
        for (Object[] row : rows) {
            UUID keyId = (UUID) row[0];
            LocalDate day = row[4] instanceof Date date ? date.toLocalDate() : (LocalDate) row[4];
            UsageView.KeyDay keyDay = days.computeIfAbsent(keyId + "/" + day, k -> new UsageView.KeyDay(keyId, (String) row[1],
                    KeyType.valueOf((String) row[2]), Environment.valueOf((String) row[3]), day, new LinkedHashMap<>(), 0));
            keyDay.outcomes().put((String) row[5], ((Number) row[6]).longValue());
        }
        List<UsageView.KeyDay> data = new ArrayList<>(days.size());
        days.values().forEach(d -> data.add(new UsageView.KeyDay(d.keyId(), d.keyName(), d.type(), d.environment(), d.day(),
                d.outcomes(), d.outcomes().values().stream().mapToLong(Long::longValue).sum())));
        return new UsageView(from, to, data);
    }
}
