package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers for the tests, started on free ports (the machine's own may
 * already hold 5432 and 6379). Set LATCHKEY_TEST_JDBC_URL (with LATCHKEY_TEST_JDBC_USER) and
 * LATCHKEY_TEST_REDIS_URL to run against servers of your own instead. Annotated on itself, it
 * applies to every @QuarkusTest of the run.
 */
@QuarkusTestResource(EmbeddedServersResource.class)
public class EmbeddedServersResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;
    private Path postgresData;
    private int postgresPort;
    private RedisServer redis;
    private GreenMail mail;
    private int smtpPort;

    @Override
    public Map<String, String> start() {
        String jdbcUrl = System.getenv("LATCHKEY_TEST_JDBC_URL");
        String jdbcUser = System.getenv().getOrDefault("LATCHKEY_TEST_JDBC_USER", "postgres");
        String redisUrl = System.getenv("LATCHKEY_TEST_REDIS_URL");
        try {
            if (jdbcUrl == null) {
                postgresPort = freePort();
                postgresData = Files.createTempDirectory("latchkey-test-pg");
                startPostgres();
                // no user in the URL: it would override the service role named below
                jdbcUrl = "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
            }
            if (redisUrl == null) {
                int port = freePort();
                redis = RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1").setting("save \"\"").build();
                redis.start();
                redisUrl = "redis://127.0.0.1:" + port;
            }
            smtpPort = freePort();
            int imapPort = freePort();
            startMail(imapPort);
            // the test JVM's mail readers (Inbox) find the server here, whichever class loader they run in
            System.setProperty(Inbox.IMAP_PORT_PROPERTY, String.valueOf(imapPort));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded test servers", e);
        }
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtpPort),
                "quarkus.datasource.jdbc.url", jdbcUrl,
                // two roles, as in production: the schema's owner migrates, the service runs as its own role
                "quarkus.flyway.username", jdbcUser,
                // Quarkus takes Flyway's own credentials only in pairs; trust authentication ignores it
                "quarkus.flyway.password", "unused",
                "quarkus.datasource.username", serviceRole(jdbcUrl, jdbcUser),
                "quarkus.redis.hosts", redisUrl);
    }

    /** The service's own login role (not the owner), made once per database server. */
    static final String SERVICE_ROLE = "latchkey_service";

    private static String serviceRole(String jdbcUrl, String owner) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, owner, null);
                Statement statement = connection.createStatement()) {
            statement.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + SERVICE_ROLE
                    + "') then create role " + SERVICE_ROLE + " login; end if; end $$");
            return SERVICE_ROLE;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the service's database role", e);
        }
    }

    /**
     * Makes Redis unresponsive for {@code seconds} (DEBUG SLEEP), longer than the clients' timeout,
     * as an overloaded or paused server would be. Returns at once; the stall runs on its own.
     */
    public static void stallRedis(double seconds, String redisUrl) throws IOException {
        URI uri = URI.create(redisUrl);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        String argument = String.valueOf(seconds);
        socket.getOutputStream().write(("*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$" + argument.length() + "\r\n" + argument + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread.ofVirtual().start(() -> {
            try (socket) {
                socket.getInputStream().read();
            } catch (IOException e) {
                // the stall is over either way
            }
        });
    }

    /** A real SMTP server (and IMAP, to read what it received), GreenMail, accepting any recipient. */
    private void startMail(int imapPort) {
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
    }

    /** Stops the SMTP server (an outage); {@link #startSmtp} brings it back on the same port, its mailboxes empty. */
    public void stopSmtp() {
        mail.stop();
    }

    public void startSmtp() {
        startMail(Integer.getInteger(Inbox.IMAP_PORT_PROPERTY));
    }

    /** Stops the embedded Redis (an outage); {@link #startRedis} brings it back on the same port. */
    public void stopRedis() throws IOException {
        redis.stop();
    }

    public void startRedis() throws IOException {
        redis.start();
    }

    /** Stops the embedded PostgreSQL (an outage); {@link #startPostgres} brings it back with its data. */
    public void stopPostgres() throws IOException {
        postgres.close();
    }

    public void startPostgres() throws IOException {
        // the data directory is kept across a stop, so a restart finds every committed row
        postgres = EmbeddedPostgres.builder().setPort(postgresPort).setDataDirectory(postgresData)
                .setCleanDataDirectory(false).start();
    }

    @Override
    public void stop() {
        if (mail != null) {
            mail.stop();
        }
        try {
            if (redis != null) {
                redis.stop();
            }
            if (postgres != null) {
                postgres.close();
                try (Stream<Path> files = Files.walk(postgresData)) {
                    files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
