package dev.latchkey.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.common.Timestamps;
import dev.latchkey.key.ApiKey;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

/**
 * The transactional outbox: every key and application change writes its event here, in the
 * transaction of the change, with what caches must drop and one pending delivery per webhook that
 * subscribed to it. A change that committed is therefore always published and delivered, by this
 * instance right after the commit or, when it dies first, by any other ({@code InvalidationRelay},
 * {@code WebhookDeliverer}).
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT_EVENT = """
            insert into outbox_event (id, type, tenant_id, application_id, body, invalidation_target, invalidation_hashes,
                                      created_at, published_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String FAN_OUT = """
            insert into webhook_delivery (id, webhook_id, event_id, event_type, status, next_attempt_at, created_at)
            select gen_random_uuid(), w.id, ?, ?, 'pending', ?, ? from webhook w where w.application_id = ? and ? = any(w.events)""";

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    Event<AccessChange> accessChanges;

    @Inject
    Event<EventsWritten> written;

    /** Fired after a transaction wrote events, so deliveries start at once rather than at the next poll. */
    public record EventsWritten() {
    }

    /**
     * An event about one key; {@code data} adds to the key's description. With {@code invalidate},
     * every cache drops the key before the change is answered.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keyEvent(EventType type, String tenantId, ApiKey key, Map<String, Object> data, boolean invalidate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", KeySummary.of(key));
        body.putAll(data);
        AccessChange change = invalidate ? new AccessChange(UUID.randomUUID(), key.id, key.applicationId, List.of(key.keyHash)) : null;
        write(change == null ? UUID.randomUUID() : change.eventId(), type, tenantId, key.applicationId, key.environment, body, change);
    }

    /** As above, from background work that knows the key but not its tenant; caches are not concerned. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keyEvent(EventType type, ApiKey key, Map<String, Object> data) {
        String tenantId = (String) entityManager.createNativeQuery("select tenant_id from application where id = :id")
                .setParameter("id", key.applicationId).getSingleResult();
        keyEvent(type, tenantId, key, data, false);
    }

    /**
     * An event about an application (null {@code type}: only its caches are dropped, as when it is
     * deleted); every cache drops the application's keys, {@code storedHashes}, before the answer.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applicationEvent(EventType type, String tenantId, UUID applicationId, Map<String, Object> data,
            List<byte[]> storedHashes) {
        AccessChange change = new AccessChange(UUID.randomUUID(), null, applicationId, List.copyOf(storedHashes));
        write(change.eventId(), type, tenantId, applicationId, null, data, change);
    }

    /** An event about an end user: nothing cached depends on it, so no cache is told. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void userEvent(EventType type, String tenantId, UUID applicationId, Environment environment, Map<String, Object> data) {
        write(UUID.randomUUID(), type, tenantId, applicationId, environment, data, null);
    }

    /** A repeated change (a revocation retried): no new event, but every cache hears of it again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void invalidateKey(String tenantId, ApiKey key) {
        AccessChange change = new AccessChange(UUID.randomUUID(), key.id, key.applicationId, List.of(key.keyHash));
        write(change.eventId(), null, tenantId, key.applicationId, key.environment, null, change);
    }

    private void write(UUID id, EventType type, String tenantId, UUID applicationId, Environment environment,
            Map<String, Object> data, AccessChange change) {
        Instant now = Timestamps.now();
        String body = type == null ? null : body(id, type, now, applicationId, environment, data);
        entityManager.unwrap(Session.class).doWork(connection -> {
            insert(connection, id, type, tenantId, applicationId, body, change, now);
            if (type != null) {
                fanOut(connection, id, type, applicationId, now);
            }
        });
        if (change != null) {
            accessChanges.fire(change);
        }
        if (type != null) {
            written.fire(new EventsWritten());
        }
    }

    private static void insert(Connection connection, UUID id, EventType type, String tenantId, UUID applicationId, String body,
            AccessChange change, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            insert.setObject(1, id);
            insert.setString(2, type == null ? null : type.wire());
            insert.setString(3, tenantId);
            insert.setObject(4, applicationId);
            insert.setString(5, body);
            insert.setString(6, change == null ? null : change.target());
            insert.setArray(7, change == null ? null : connection.createArrayOf("bytea", change.storedHashes().toArray(byte[][]::new)));
            insert.setTimestamp(8, Timestamp.from(now));
            insert.setTimestamp(9, change == null ? Timestamp.from(now) : null);
            insert.executeUpdate();
        }
    }

    private static void fanOut(Connection connection, UUID id, EventType type, UUID applicationId, Instant now) throws SQLException {
        try (PreparedStatement fanOut = connection.prepareStatement(FAN_OUT)) {
            fanOut.setObject(1, id);
            fanOut.setString(2, type.wire());
            fanOut.setTimestamp(3, Timestamp.from(now));
            fanOut.setTimestamp(4, Timestamp.from(now));
            fanOut.setObject(5, applicationId);
            fanOut.setString(6, type.wire());
            fanOut.executeUpdate();
        }
    }

    /** The webhook body: the contract's envelope; never a secret (a key is described by {@link KeySummary}). */
    private String body(UUID id, EventType type, Instant at, UUID applicationId, Environment environment, Map<String, Object> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("type", type);
        envelope.put("created_at", at);
        envelope.put("application_id", applicationId);
        envelope.put("environment", environment);
        envelope.put("data", data);
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event body could not be written", e);
        }
    }

    /** A key as events describe it: what identifies it, never its value. */
    public record KeySummary(UUID keyId, KeyType type, Environment environment, String name, String hint,
            String externalId, Map<String, Object> meta) {

        public static KeySummary of(ApiKey key) {
            return new KeySummary(key.id, key.type, key.environment, key.name, key.hint, key.externalId, key.meta);
        }
    }
}
