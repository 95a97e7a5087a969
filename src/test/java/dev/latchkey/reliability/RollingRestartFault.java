package dev.latchkey.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.LoadBalancedLoad;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.Test;

/**
 * Three packaged instances behind HAProxy (round robin, readiness checked on each management
 * port), 32 connections of warm key checks through it (wrk). A rolling restart, each instance in
 * turn stopped with SIGTERM and started again, fails no request (CONTRACT section 7, "Stopping");
 * then one instance killed (SIGKILL), which HAProxy's retry-on hides from clients.
 */
class RollingRestartFault {

    private static final int CONNECTIONS = 32;
    private static final Map<String, String> SETTINGS = Map.of("LATCHKEY_SHUTDOWN_DELAY", "5s",
            "LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000000", "LATCHKEY_RATE_LIMIT_TEST_LIMIT", "1000000000");

    @Test
    void aRollingRestartUnderLoadFailsNoRequest() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(3, SETTINGS);
                LoadBalancedLoad load = new LoadBalancedLoad(cluster, "rolling-restart", false)) {
            String key = warmKey(cluster);
            List<Long> stopMillis = new ArrayList<>();
            List<Long> readyMillis = new ArrayList<>();
            List<Long> residentMb = new ArrayList<>();
            load.start("/api/v1/keys/self", key, CONNECTIONS);
            Thread.sleep(3000);
            for (int i = 0; i < 3; i++) {
                residentMb.add(cluster.residentMegabytes(i));
                stopMillis.add(cluster.terminate(i));
                readyMillis.add(cluster.restart(i));
                Thread.sleep(3000); // HAProxy sees it ready again (2 checks, 0.5 s apart) before the next stops
            }
            LoadBalancedLoad.Figures figures = load.stop();
            ReliabilityFigures.record("rolling SIGTERM restart of 3 instances behind HAProxy, wrk " + CONNECTIONS + " connections",
                    figures.requests(), figures.requests(), figures.non2xx(), 0, 0,
                    "socket errors " + figures.socketErrors() + "; stop (SIGTERM to exit) " + stopMillis + " ms, start to ready "
                            + readyMillis + " ms, RSS before stop " + residentMb + " MB");
            assertTrue(figures.requests() > 1000, figures.raw());
            assertEquals(0, figures.non2xx(), figures.raw());
            assertEquals(0, figures.socketErrors(), figures.raw());
        }
    }

    @Test
    void aKilledInstanceIsHiddenByTheLoadBalancersRetries() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(3, SETTINGS);
                LoadBalancedLoad load = new LoadBalancedLoad(cluster, "sigkill", true)) {
            String key = warmKey(cluster);
            load.start("/api/v1/keys/self", key, CONNECTIONS);
            Thread.sleep(3000);
            cluster.kill(1);
            Thread.sleep(3000);
            long readyMillis = cluster.restart(1);
            Thread.sleep(3000);
            LoadBalancedLoad.Figures figures = load.stop();
            ReliabilityFigures.record("SIGKILL of 1 of 3 instances behind HAProxy with retry-on, wrk " + CONNECTIONS + " connections",
                    figures.requests(), figures.requests(), figures.non2xx(), 0, 0,
                    "socket errors " + figures.socketErrors() + "; the killed instance ready again " + readyMillis + " ms after its start");
            assertTrue(figures.requests() > 1000, figures.raw());
            assertEquals(0, figures.non2xx(), figures.raw());
            assertEquals(0, figures.socketErrors(), figures.raw());
        }
    }

    /** A live secret key, checked once on every instance so that wrk's checks are warm. */
    private static String warmKey(ServiceInstances cluster) throws Exception {
        String key = cluster.createApplication(AdminTokens.platformAdmin(), "Rolling").at("/keys/live/secret_key").asText();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, cluster.self(i, key).statusCode());
        }
        return key;
    }
}
