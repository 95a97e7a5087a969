package dev.latchkey.mail;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The end-user mail queue (SMTP itself is Quarkus' mailer settings, {@code QUARKUS_MAILER_*}). */
@ConfigMapping(prefix = "latchkey.mail")
public interface MailConfig {

    /** How often each instance looks for mail to send. */
    @WithDefault("1s")
    Duration pollInterval();

    /** The waits after failed sends; past the last, it is repeated until {@link #giveUpAfter}. */
    @WithDefault("5s,30s,2m,10m,30m,1h")
    List<Duration> retryDelays();

    /** A mail still unsent this long after it was asked for is dropped as undeliverable (its link would be stale). */
    @WithDefault("24h")
    Duration giveUpAfter();
}
