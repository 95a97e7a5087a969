package dev.latchkey.verification.cache;

import java.time.Duration;

import dev.latchkey.outbox.OutboxStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the invalidations that the instance which committed them did not (it died between its
 * commit and its publication, or lost Redis): every instance looks for outbox rows unpublished
 * after a short grace and publishes them, each row claimed by one instance at a time. A change is
 * therefore published within the grace plus one poll of its commit, whichever instance dies, as
 * long as one instance reaches Redis: an instance that does not claims nothing.
 */
@ApplicationScoped
public class InvalidationRelay {

    private static final Logger LOG = Logger.getLogger(InvalidationRelay.class);
    private static final int BATCH = 100;

    @Inject
    OutboxStore outbox;

    @Inject
    Invalidation invalidation;

    @Inject
    KeyCacheConfig config;

    @Inject
    ClusterSync sync;

    /** How long the committing instance has to publish a change itself before others do. */
    @ConfigProperty(name = "latchkey.outbox.publish-grace", defaultValue = "500ms")
    Duration grace;

    @Scheduled(every = "${latchkey.outbox.relay-interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        if (config.cacheEnabled() && !sync.redisReachable()) {
            // cut off from Redis: claiming rows would only keep the instances that reach it off them
            return;
        }
        try {
            int published = outbox.publishPending(grace, BATCH, pending -> {
                if (!config.cacheEnabled()) {
                    return true; // nothing to publish to: the row is only marked
                }
                try {
                    invalidation.publishPending(pending.target(), pending.storedHashes());
                    return true;
                } catch (RuntimeException e) {
                    return false; // Redis out of reach: the next round tries again
                }
            });
            if (published > 0) {
                LOG.infof("Published %d invalidation(s) that their writer had not", published);
            }
        } catch (RuntimeException e) {
            LOG.warnf("The outbox relay failed (%s); trying again at the next round", e.getMessage());
        }
    }
}
