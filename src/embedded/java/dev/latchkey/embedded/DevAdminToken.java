package dev.latchkey.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Writes a platform-admin token, valid for a day, to target/dev-admin-token at dev start-up, so a
 * newcomer can call the admin API at once, and keeps it for the console's dev sign-in
 * ({@link DevConsoleSignIn}). Tokens never go to the log.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevAdminToken {

    private static final Logger LOG = Logger.getLogger(DevAdminToken.class);

    private volatile String token;

    /** The token written at start-up, for the console's one-click dev sign-in. */
    String value() {
        return token;
    }

    void writeToken(@Observes StartupEvent event) throws Exception {
        token = Jwt.issuer(EmbeddedServers.ISSUER)
                .subject("dev-operator")
                .audience(EmbeddedServers.AUDIENCE)
                .upn("dev-operator")
                .groups("platform-admin")
                .expiresIn(Duration.ofDays(1))
                .sign(KeyUtils.decodePrivateKey(Files.readString(EmbeddedServers.adminPrivateKey())));
        Path file = EmbeddedServers.home().getParent().resolve("dev-admin-token");
        try {
            Files.writeString(file, token);
            LOG.infof("Dev admin token (platform-admin, 24 h) written to %s: export TOKEN=$(cat %s)", file, file);
        } catch (IOException e) {
            LOG.warnf("Could not write the dev admin token to %s", file);
        }
    }
}
