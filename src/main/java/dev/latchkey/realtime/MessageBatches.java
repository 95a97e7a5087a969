package dev.latchkey.realtime;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.sql.DataSource;

import dev.latchkey.http.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Topic messages leave this instance in batches: one thread takes every message waiting and sends
 * them in one transaction, in the order they came. Publishes then share one commit, and the lock
 * PostgreSQL holds on its notification queue while a notifying transaction commits, instead of
 * queueing for a pooled connection and a commit each. A publish is answered once its batch has
 * committed. A message is not a record, so the commit does not wait for the disk. At most
 * {@link #WAITING_LIMIT} messages wait; beyond that a publish answers 503 at once rather than pile up.
 */
@ApplicationScoped
class MessageBatches {

    static final int WAITING_LIMIT = 10_000;
    static final int BATCH_LIMIT = 1_000;
    private static final Logger LOG = Logger.getLogger(MessageBatches.class);

    private record Waiting(String text, CompletableFuture<Void> sent) {
    }

    private final BlockingQueue<Waiting> waiting = new ArrayBlockingQueue<>(WAITING_LIMIT);
    private volatile boolean stopping;
    private Thread thread;

    @Inject
    DataSource dataSource;

    void start(@Observes StartupEvent started) {
        thread = Thread.ofPlatform().daemon().name("latchkey-realtime-publisher").start(this::run);
    }

    void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
        thread.interrupt();
    }

    /** Sends {@code text} (an envelope's line, then the data) with the next batch; returns once it is sent. */
    void send(String text) {
        Waiting message = new Waiting(text, new CompletableFuture<>());
        if (stopping || !waiting.offer(message)) {
            throw ApiException.unavailable(1, "Too many realtime messages are waiting to be sent; retry later");
        }
        try {
            message.sent().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Waiting> batch = new ArrayList<>();
        while (!stopping) {
            try {
                batch.add(waiting.take());
                waiting.drainTo(batch, BATCH_LIMIT - 1);
                sendAll(batch);
                batch.forEach(message -> message.sent().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("A batch of %d realtime messages could not be sent: %s", batch.size(), e.getMessage());
                RuntimeException failure = new IllegalStateException("Realtime messages could not be sent", e);
                batch.forEach(message -> message.sent().completeExceptionally(failure));
            }
            batch.clear();
        }
        IllegalStateException stopped = new IllegalStateException("The service is stopping");
        batch.forEach(message -> message.sent().completeExceptionally(stopped));
        waiting.forEach(message -> message.sent().completeExceptionally(stopped));
    }

    /** One transaction; runs of messages small enough for a notification go in one statement. */
    private void sendAll(List<Waiting> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set local synchronous_commit = off");
                }
                List<String> small = new ArrayList<>();
                for (Waiting message : batch) {
                    if (RealtimeBus.fitsNotification(message.text())) {
                        small.add(message.text());
                        continue;
                    }
                    notifyAll(connection, small);
                    RealtimeBus.send(connection, message.text());
                }
                notifyAll(connection, small);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void notifyAll(Connection connection, List<String> texts) throws SQLException {
        if (texts.isEmpty()) {
            return;
        }
        try (PreparedStatement notify = connection.prepareStatement("""
                select pg_notify('%s', nextval('realtime_event_id') || ' ' || message.text)
                from unnest(?::text[]) with ordinality as message(text, position) order by message.position"""
                .formatted(RealtimeBus.CHANNEL))) {
            Array array = connection.createArrayOf("text", texts.toArray());
            notify.setArray(1, array);
            notify.execute();
        }
        texts.clear();
    }
}
