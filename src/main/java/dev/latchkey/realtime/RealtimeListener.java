package dev.latchkey.realtime;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * This instance's ear for {@link RealtimeBus}: one connection of its own (outside the pool, which
 * would hand it back) that LISTENs and passes every event to {@link Subscribers}. If the
 * connection is lost, events may have been missed: the open streams end (their clients reconnect,
 * with Last-Event-ID), and it listens again.
 */
@ApplicationScoped
public class RealtimeListener {

    private static final Logger LOG = Logger.getLogger(RealtimeListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Inject
    Subscribers subscribers;

    private volatile boolean listening;
    private volatile boolean stopping;
    private Thread thread;

    void start(@Observes StartupEvent started) {
        thread = Thread.ofPlatform().daemon().name("latchkey-realtime-listener").start(this::run);
    }

    void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
        thread.interrupt();
    }

    /** Whether events reach this instance now: a stream opened meanwhile would miss them. */
    public boolean listening() {
        return listening;
    }

    private void run() {
        while (!stopping) {
            try (Connection connection = DriverManager.getConnection(url, credentials())) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + RealtimeBus.CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listening = true;
                while (!stopping) {
                    PGNotification[] received = postgres.getNotifications(WAIT_MILLIS);
                    for (PGNotification notification : received == null ? new PGNotification[0] : received) {
                        receive(connection, notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!stopping) {
                    LOG.warnf("Realtime lost its PostgreSQL listener (%s); listening again in %s", e.getMessage(), RECONNECT);
                }
            } finally {
                if (listening) {
                    listening = false;
                    // when stopping, StreamSweeper ends the streams, and this thread may outlive the beans
                    if (!stopping) {
                        subscribers.endAll(StreamEnd.INTERRUPTED);
                    }
                }
            }
            pause();
        }
    }

    private void receive(Connection connection, String text) throws SQLException {
        int space = text.indexOf(' ');
        long id = Long.parseLong(text.substring(0, space));
        String body = text.substring(space + 1);
        if (RealtimeBus.STORED.equals(body)) {
            body = stored(connection, id);
            if (body == null) {
                return; // swept already: far too late to deliver
            }
        }
        try {
            subscribers.dispatch(RealtimeEvent.of(id, body, JSON));
        } catch (JsonProcessingException | RuntimeException e) {
            // one event's trouble is no reason to drop the feed, and with it every stream here
            LOG.errorf("A realtime event could not be handed out (%s); skipped", e.getMessage());
        }
    }

    private static String stored(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select body from realtime_payload where id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private Properties credentials() {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "latchkey-realtime");
        return properties;
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
