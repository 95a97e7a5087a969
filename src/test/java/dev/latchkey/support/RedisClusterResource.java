package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A Redis Cluster of three primaries with a replica each (RedisTopology), as the service's Redis for a test profile. */
public class RedisClusterResource implements QuarkusTestResourceLifecycleManager {

    /** The running cluster, for tests that look into it. */
    public static RedisTopology cluster;

    @Override
    public Map<String, String> start() {
        try {
            cluster = RedisTopology.cluster();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.redis.client-type", "cluster", "quarkus.redis.hosts", cluster.hosts());
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
