package dev.latchkey.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * What a feature does when Redis does not answer and it falls back on something else (the rate
 * limiter and the login throttle count on this instance, the key check reads PostgreSQL): the
 * first failure of an outage is logged once per feature, every failure is counted in
 * {@code latchkey.redis.fallbacks} (tag {@code feature}), so a fallback is never silent, and
 * features that ask Redis per request leave it alone for a second before asking again.
 */
@ApplicationScoped
public class RedisFallback {

    private static final long RETRY_MILLIS = 1000;
    private static final Logger LOG = Logger.getLogger(RedisFallback.class);
    private static final Pattern CREDENTIALS = Pattern.compile("//[^/@\\s]*@");

    private final MeterRegistry registry;
    private final Map<String, Feature> features = new ConcurrentHashMap<>();

    RedisFallback(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The fallback state of one feature, named as in the metric's tag and the log, which says what it does instead. */
    public Feature of(String feature, String instead) {
        return features.computeIfAbsent(feature, name -> new Feature(name, instead, Counter.builder("latchkey.redis.fallbacks")
                .tag("feature", name).description("Redis failures after which a feature fell back on this instance or PostgreSQL")
                .register(registry)));
    }

    /** The message with any {@code user:password@} of a Redis URL left out (a connection error may name the URL). */
    static String withoutCredentials(String message) {
        return message == null ? null : CREDENTIALS.matcher(message).replaceAll("//");
    }

    /** One feature's view of Redis: asked, or paused after a failure. */
    public static final class Feature {
        private final String name;
        private final String instead;
        private final Counter failures;
        private volatile long retryAt;
        private volatile boolean down;

        private Feature(String name, String instead, Counter failures) {
            this.name = name;
            this.instead = instead;
            this.failures = failures;
        }

        /** True while the pause after a failure lasts: count locally without asking Redis. */
        public boolean paused(long nowMillis) {
            return nowMillis < retryAt;
        }

        /** Redis failed this feature: fall back for the pause; logged once per outage. */
        public void failed(Throwable failure) {
            failures.increment();
            if (!down) {
                down = true;
                LOG.warnf("%s: %s, Redis did not answer (%s: %s)", name, instead, failure.getClass().getSimpleName(),
                        withoutCredentials(failure.getMessage()));
            }
            retryAt = System.currentTimeMillis() + RETRY_MILLIS;
        }

        /** Redis answered this feature again: the outage, if one was logged, is over. */
        public void answered() {
            if (down) {
                down = false;
                LOG.infof("%s: Redis answers again", name);
            }
        }
    }
}
