package dev.latchkey.data.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.application.Application;
import dev.latchkey.common.Timestamps;
import dev.latchkey.data.query.IndexDefinition;
import dev.latchkey.data.query.SortOrder;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import dev.latchkey.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The indexes collection settings declare, as rows of {@code collection_index}: one per PostgreSQL
 * index, two per declaration in an owner-read collection (see {@link IndexDefinition}). Settings
 * change the rows in their transaction; {@link IndexBuilder} makes PostgreSQL follow them.
 */
@ApplicationScoped
public class DeclaredIndexes {

    public static final int MAX_INDEXES = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PARAMETER = "indexes";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    /** Checks a declaration as settings give it: at most 10 indexes, each of valid fields (a 400 otherwise). */
    public static List<List<String>> checked(List<List<String>> declared) {
        if (declared.size() > MAX_INDEXES) {
            throw ApiException.invalidRequest(PARAMETER + ": at most " + MAX_INDEXES + " per collection");
        }
        for (List<String> fields : declared) {
            if (fields == null || fields.contains(null)) {
                throw ApiException.invalidRequest(PARAMETER + ": each index is an array of field names");
            }
            SortOrder.declared(fields, PARAMETER);
        }
        return declared.stream().distinct().toList();
    }

    /** The declaration in force, in its order. */
    public List<List<String>> declared(UUID applicationId, Environment environment, String collection) {
        List<?> rows = entityManager.createNativeQuery("""
                select distinct on (position) fields from collection_index
                where application_id = ?1 and environment = ?2 and collection = ?3 order by position""")
                .setParameter(1, applicationId).setParameter(2, environment.name()).setParameter(3, collection)
                .getResultList();
        return rows.stream().map(row -> fields((String) row)).toList();
    }

    /** The declarations whose indexes are all built (both, for an owner-read pair), in their order: the ones that serve queries. */
    public List<List<String>> ready(UUID applicationId, Environment environment, String collection) {
        List<?> rows = entityManager.createNativeQuery("""
                select fields from collection_index where application_id = ?1 and environment = ?2 and collection = ?3
                group by position, fields having bool_and(state = 'READY') order by position""")
                .setParameter(1, applicationId).setParameter(2, environment.name()).setParameter(3, collection)
                .getResultList();
        return rows.stream().map(row -> fields((String) row)).toList();
    }

    /** Every instance drops what it remembers of the application's collections (their ready indexes among it) before this returns. */
    @Transactional
    public void announceReady(UUID applicationId) {
        Application application = entityManager.find(Application.class, applicationId);
        if (application != null) {
            outbox.applicationEvent(null, application.tenantId, applicationId, null, List.of());
        }
    }

    /**
     * Makes the rows say {@code declared}: rows still wanted keep their state (a failed one is tried
     * again), new ones start {@code building}, the rest go (their indexes are dropped by the builder).
     */
    public void replace(UUID applicationId, Environment environment, String collection, List<List<String>> declared, boolean ownerRead) {
        Map<String, IndexDefinition> wanted = new LinkedHashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        for (int position = 0; position < declared.size(); position++) {
            for (boolean ownerLeading : ownerRead ? List.of(false, true) : List.of(false)) {
                IndexDefinition definition = new IndexDefinition(applicationId, environment, collection, declared.get(position), ownerLeading);
                wanted.put(definition.name(), definition);
                positions.put(definition.name(), position);
            }
        }
        entityManager.createNativeQuery("""
                delete from collection_index where application_id = ?1 and environment = ?2 and collection = ?3
                and not (index_name = any(cast(?4 as text[])))""")
                .setParameter(1, applicationId).setParameter(2, environment.name()).setParameter(3, collection)
                .setParameter(4, wanted.keySet().toArray(String[]::new)).executeUpdate();
        for (IndexDefinition definition : wanted.values()) {
            entityManager.createNativeQuery("""
                    insert into collection_index (application_id, environment, collection, fields, owner_leading, index_name, state, position, created_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6, 'BUILDING', ?7, ?8)
                    on conflict (index_name) do update set position = excluded.position,
                        state = case when collection_index.state = 'FAILED' then 'BUILDING' else collection_index.state end,
                        error = case when collection_index.state = 'FAILED' then null else collection_index.error end""")
                    .setParameter(1, applicationId).setParameter(2, environment.name()).setParameter(3, collection)
                    .setParameter(4, json(definition.fields())).setParameter(5, definition.ownerLeading())
                    .setParameter(6, definition.name()).setParameter(7, positions.get(definition.name()))
                    .setParameter(8, Timestamps.now()).executeUpdate();
        }
    }

    /** The declared indexes of these collections (name and environment), with the state of each declaration. */
    public List<IndexView> views(UUID applicationId, Set<Environment> environments, String collection) {
        List<?> rows = entityManager.createNativeQuery("""
                select environment, fields, state, error from collection_index
                where application_id = ?1 and environment = any(cast(?2 as text[])) and collection = ?3
                order by environment, position, owner_leading""")
                .setParameter(1, applicationId).setParameter(2, environments.stream().map(Enum::name).toArray(String[]::new))
                .setParameter(3, collection).getResultList();
        Map<String, IndexView> views = new LinkedHashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            Environment environment = Environment.valueOf((String) columns[0]);
            String state = (String) columns[2];
            views.merge(environment + (String) columns[1],
                    new IndexView(fields((String) columns[1]), environment, state.toLowerCase(), (String) columns[3]),
                    DeclaredIndexes::worse);
        }
        return new ArrayList<>(views.values());
    }

    /** A declaration is as far as its least advanced index: failed, then building, then ready. */
    private static IndexView worse(IndexView a, IndexView b) {
        List<String> order = List.of("failed", "building", "ready");
        return order.indexOf(a.state()) <= order.indexOf(b.state()) ? a : b;
    }

    private static String json(List<String> fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> fields(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("collection_index.fields is not a JSON array", e);
        }
    }
}
