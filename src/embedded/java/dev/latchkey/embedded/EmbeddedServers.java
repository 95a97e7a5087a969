package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import redis.embedded.RedisServer;

/**
 * Dev mode's own PostgreSQL and Redis, on fixed ports with data kept under target/embedded, plus
 * key pairs for dev admin tokens and end-user tokens. Dev mode builds its configuration more than once per JVM (and
 * again on live reload), so a server already answering on its port is reused, not started twice.
 */
final class EmbeddedServers {

    static final String ISSUER = "https://dev.latchkey.local";
    static final String AUDIENCE = "latchkey-admin";
    private static final int POSTGRES_PORT = Integer.getInteger("latchkey.embedded.postgres-port", 55432);
    private static final int REDIS_PORT = Integer.getInteger("latchkey.embedded.redis-port", 56379);
    private static final int SMTP_PORT = Integer.getInteger("latchkey.embedded.smtp-port", 53025);
    /** Where dev mails are read: any IMAP client, the recipient's address as user, any password. */
    private static final int IMAP_PORT = Integer.getInteger("latchkey.embedded.imap-port", 53143);

    private EmbeddedServers() {
    }

    /** The configuration that points dev mode at the embedded servers, starting them if needed. */
    static synchronized Map<String, String> start() {
        Path home = home();
        try {
            if (!answers(POSTGRES_PORT)) {
                EmbeddedPostgres.builder()
                        .setPort(POSTGRES_PORT)
                        .setDataDirectory(home.resolve("postgres"))
                        .setCleanDataDirectory(false)
                        .start();
            }
            if (!answers(REDIS_PORT)) {
                RedisServer redis = RedisServer.newRedisServer().port(REDIS_PORT)
                        .setting("bind 127.0.0.1").setting("save \"\"").build();
                redis.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(redis)));
            }
            if (!answers(SMTP_PORT)) {
                GreenMail mail = new GreenMail(new ServerSetup[] {new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                        new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
                        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
                mail.start();
                Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
            }
            Path publicKey = ensureKeyPair(home.resolve("keys"), "admin");
            ensureKeyPair(home.resolve("keys"), "user-token");
            return Map.ofEntries(
                    Map.entry("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/postgres"),
                    Map.entry("quarkus.datasource.username", "postgres"),
                    Map.entry("quarkus.redis.hosts", "redis://127.0.0.1:" + REDIS_PORT),
                    Map.entry("quarkus.mailer.mock", "false"),
                    Map.entry("quarkus.mailer.host", "127.0.0.1"),
                    Map.entry("quarkus.mailer.port", String.valueOf(SMTP_PORT)),
                    Map.entry("latchkey.console.dev-sign-in", "true"),
                    Map.entry("mp.jwt.verify.issuer", ISSUER),
                    Map.entry("mp.jwt.verify.audiences", AUDIENCE),
                    Map.entry("mp.jwt.verify.publickey.location", publicKey.toUri().toString()),
                    Map.entry("smallrye.jwt.sign.key.location",
                            home.resolve("keys").resolve("user-token-private.pem").toUri().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded dev servers", e);
        }
    }

    /** target/embedded beside the compiled classes: inside the build folder, gone with a clean. */
    static Path home() {
        try {
            Path classes = Path.of(EmbeddedServers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("embedded");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path adminPrivateKey() {
        return home().resolve("keys").resolve("admin-private.pem");
    }

    /** {@code <name>-private.pem} and {@code <name>-public.pem}, made once and kept with the dev data. */
    private static Path ensureKeyPair(Path folder, String name) throws IOException {
        Path privateKey = folder.resolve(name + "-private.pem");
        Path publicKey = folder.resolve(name + "-public.pem");
        if (Files.exists(publicKey) && Files.exists(privateKey)) {
            return publicKey;
        }
        Files.createDirectories(folder);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return publicKey;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void stopQuietly(RedisServer redis) {
        try {
            redis.stop();
        } catch (IOException e) {
            // the JVM is exiting; the child process goes with it
        }
    }
}
