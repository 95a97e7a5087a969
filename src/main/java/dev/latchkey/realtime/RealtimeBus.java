package dev.latchkey.realtime;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.data.Document;
import dev.latchkey.data.DocumentChanged;
import jakarta.enterprise.event.Observes;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Sends events as PostgreSQL notifications from the writing transaction itself: PostgreSQL
 * delivers them to every listening instance ({@link RealtimeListener}) when, and only when, that
 * transaction commits, in commit order. So a rolled-back write sends nothing, and a committed one
 * reaches every instance that was listening. An envelope too large for a notification is stored
 * and the notification carries its id alone.
 */
@ApplicationScoped
public class RealtimeBus {

    static final String CHANNEL = "latchkey_realtime";
    /** Below PostgreSQL's 8000 bytes, leaving room for the id. */
    static final int NOTIFICATION_BYTES = 7900;
    static final String STORED = "*";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager entityManager;

    /** A document's change, in the transaction that made it (a synchronous observer). */
    void changed(@Observes DocumentChanged change) {
        Document document = change.document();
        String data = write(new RealtimeEvent.ChangeData(document.collection, change.op(), document.id, change.rendered()));
        send(new RealtimeEvent.Envelope(document.applicationId, document.environment.name(), RealtimeEvent.CHANGE,
                document.collection, document.ownerId, null), data);
    }

    /** A message to a topic (already checked against the rules), committed at once. */
    @Transactional
    public void message(UUID applicationId, String environment, String topic, String payload) {
        send(new RealtimeEvent.Envelope(applicationId, environment, RealtimeEvent.MESSAGE, null, null, topic),
                write(new RealtimeEvent.MessageData(topic, payload)));
    }

    /** Stored envelopes outlive their notification by a minute at most: a listener reads one within a moment. */
    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetStored() {
        entityManager.createNativeQuery("delete from realtime_payload where created_at < now() - interval '1 minute'").executeUpdate();
    }

    private void send(RealtimeEvent.Envelope envelope, String data) {
        String text = write(envelope) + "\n" + data;
        String sql = text.getBytes(StandardCharsets.UTF_8).length <= NOTIFICATION_BYTES
                ? "select 1 from (select pg_notify('" + CHANNEL + "', nextval('realtime_event_id') || ' ' || ?1)) sent"
                : """
                  with stored as (insert into realtime_payload (id, body) values (nextval('realtime_event_id'), ?1) returning id)
                  select 1 from (select pg_notify('%s', id || ' %s') from stored) sent""".formatted(CHANNEL, STORED);
        entityManager.createNativeQuery(sql).setParameter(1, text).getSingleResult();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
