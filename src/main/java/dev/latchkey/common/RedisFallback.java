package dev.latchkey.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * What a feature does when Redis does not answer and it counts on this instance instead (the
 * rate limiter, the login throttle): Redis is left alone for a second before it is asked again,
 * the first failure of an outage is logged once per feature, and every failure is counted in
 * {@code latchkey.redis.fallbacks} (tag {@code feature}), so a fallback is never silent.
 */
@ApplicationScoped
public class RedisFallback {

    private static final long RETRY_MILLIS = 1000;
    private static final Logger LOG = Logger.getLogger(RedisFallback.class);

    private final MeterRegistry registry;
    private final Map<String, Feature> features = new ConcurrentHashMap<>();

    RedisFallback(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The fallback state of one feature, named as in the metric's tag and the log. */
    public Feature of(String feature) {
        return features.computeIfAbsent(feature, name -> new Feature(name, Counter.builder("latchkey.redis.fallbacks")
                .tag("feature", name).description("Redis failures after which a feature counted on this instance alone")
                .register(registry)));
    }

    /** One feature's view of Redis: asked, or paused after a failure. */
    public static final class Feature {
        private final String name;
        private final Counter failures;
        private volatile long retryAt;
        private volatile boolean down;

        private Feature(String name, Counter failures) {
            this.name = name;
            this.failures = failures;
        }

        /** True while the pause after a failure lasts: count locally without asking Redis. */
        public boolean paused(long nowMillis) {
            return nowMillis < retryAt;
        }

        /** Redis failed this feature: count locally for the pause; logged once per outage. */
        public void failed(Throwable failure) {
            failures.increment();
            if (!down) {
                down = true;
                LOG.warnf("%s counted per instance: Redis did not answer (%s); asking again every second",
                        name, failure.getClass().getSimpleName());
            }
            retryAt = System.currentTimeMillis() + RETRY_MILLIS;
        }

        /** Redis answered this feature again: the outage, if one was logged, is over. */
        public void answered() {
            if (down) {
                down = false;
                LOG.infof("%s shared through Redis again", name);
            }
        }
    }
}
