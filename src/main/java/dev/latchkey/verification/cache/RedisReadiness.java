package dev.latchkey.verification.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis in readiness. Without Redis the service still answers every check, exactly, from
 * PostgreSQL, so an outage must not pull every pod out of the load balancer: the check stays UP
 * and reports {@code degraded}, and the {@code latchkey_verification_cache_in_sync} gauge drops to 0.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    @Inject
    ClusterSync sync;

    @Inject
    LocalKeyCache local;

    @Inject
    KeyCacheConfig config;

    @Inject
    void registerGauge(MeterRegistry registry) {
        Gauge.builder("latchkey.verification.cache.in.sync", this, readiness -> readiness.sync.redisReachable() ? 1 : 0)
                .description("1 while this instance is in sync with the cluster through Redis, 0 while it reads PostgreSQL for every check")
                .register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        String state = !config.cacheEnabled() ? "unused: cache disabled"
                : sync.redisReachable() ? "connected" : "degraded";
        return HealthCheckResponse.named("Redis (verification cache)")
                .up()
                .withData("state", state)
                .withData("local_cache_trusted", local.trusted())
                .withData("local_cache_entries", local.size())
                .build();
    }
}
