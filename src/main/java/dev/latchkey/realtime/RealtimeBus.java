package dev.latchkey.realtime;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.hibernate.Session;

/**
 * Sends events as PostgreSQL notifications from the writing transaction itself: PostgreSQL
 * delivers them to every listening instance ({@link RealtimeListener}) when, and only when, that
 * transaction commits, in commit order. So a rolled-back write sends nothing, and a committed one
 * reaches every instance that was listening. An envelope too large for a notification is stored
 * and the notification carries its id alone. Topic messages, which no write carries, leave in
 * batches ({@link MessageBatches}).
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

    @Inject
    MessageBatches batches;

    /** A document's change, in the transaction that made it (a synchronous observer). */
    void changed(@Observes DocumentChanged change) {
        Document document = change.document();
        String data = write(new RealtimeEvent.ChangeData(document.collection, change.op(), document.id, change.rendered()));
        send(new RealtimeEvent.Envelope(document.applicationId, document.environment.name(), RealtimeEvent.CHANGE,
                document.collection, document.ownerId, null), data);
    }

    /** A message to a topic (already checked against the rules), sent with this instance's next batch. */
    public void message(UUID applicationId, String environment, String topic, String payload) {
        batches.send(text(new RealtimeEvent.Envelope(applicationId, environment, RealtimeEvent.MESSAGE, null, null, topic),
                write(new RealtimeEvent.MessageData(topic, payload))));
    }

    /** Stored envelopes outlive their notification by a minute at most: a listener reads one within a moment. */
    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetStored() {
        entityManager.createNativeQuery("delete from realtime_payload where created_at < now() - interval '1 minute'").executeUpdate();
    }

    /** In the writing transaction, on its own connection. */
    private void send(RealtimeEvent.Envelope envelope, String data) {
        entityManager.unwrap(Session.class).doWork(connection -> send(connection, text(envelope, data)));
    }

    /** Sends one event in the connection's transaction: as a notification, or stored and named by one. */
    static void send(Connection connection, String text) throws SQLException {
        String sql = fitsNotification(text)
                ? "select pg_notify('" + CHANNEL + "', nextval('realtime_event_id') || ' ' || ?)"
                : """
                  with stored as (insert into realtime_payload (id, body) values (nextval('realtime_event_id'), ?) returning id)
                  select pg_notify('%s', id || ' %s') from stored""".formatted(CHANNEL, STORED);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, text);
            statement.execute();
        }
    }

    private static String text(RealtimeEvent.Envelope envelope, String data) {
        return write(envelope) + "\n" + data;
    }

    static boolean fitsNotification(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length <= NOTIFICATION_BYTES;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
