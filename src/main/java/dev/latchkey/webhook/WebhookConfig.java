package dev.latchkey.webhook;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook delivery (CONTRACT section 9). */
@ConfigMapping(prefix = "latchkey.webhook")
public interface WebhookConfig {

    /**
     * Accept http URLs and loopback, private and link-local targets (LATCHKEY_WEBHOOK_ALLOW_INSECURE_URLS):
     * for tests and development only, since it lets an admin make the service call into its own network.
     */
    @WithDefault("false")
    boolean allowInsecureUrls();

    /** How long a receiver has to answer one attempt. */
    @WithDefault("10s")
    Duration timeout();

    /** The wait after each failed attempt; after the last one the delivery is marked failed. */
    @WithDefault("5s,30s,2m,10m,1h,4h,4h,4h,4h,4h,4h")
    List<Duration> retryDelays();

    /** Sends in flight at once on one instance, so a slow receiver never takes more than this. */
    @WithDefault("16")
    int maxInFlight();

    /** How often an instance looks for due deliveries (besides right after it wrote events). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Webhooks one application may register. */
    @WithDefault("20")
    int maxPerApplication();
}
