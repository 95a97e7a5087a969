package dev.latchkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 7, "Stopping": on SIGTERM readiness answers 503 at once while the instance
 * keeps serving for LATCHKEY_SHUTDOWN_DELAY, then it exits. reliability/run's RollingRestartFault
 * shows what that gives behind a load balancer.
 */
class GracefulStopIT {

    @Test
    void readinessGoesDownAtOnceAndTheInstanceServesThroughTheDelay() throws Exception {
        try (ServiceInstances instance = new ServiceInstances(1, Map.of("LATCHKEY_SHUTDOWN_DELAY", "4s"))) {
            String key = instance.createApplication(AdminTokens.platformAdmin(), "Stopping").at("/keys/live/secret_key").asText();
            assertEquals(200, instance.management(0, "/q/health/ready").statusCode());
            long signalled = System.nanoTime();
            instance.signalStop(0);
            Awaitility.await("readiness down").atMost(Duration.ofMillis(1000)).pollInterval(Duration.ofMillis(20))
                    .until(() -> instance.management(0, "/q/health/ready").statusCode() == 503);
            for (int i = 0; i < 10; i++) {
                assertEquals(200, instance.self(0, key).statusCode(), "served during the delay");
                Thread.sleep(200);
            }
            assertTrue(instance.running(0), "still running inside the delay");
            Awaitility.await("exit after the delay").atMost(Duration.ofSeconds(30)).until(() -> !instance.running(0));
            assertTrue(System.nanoTime() - signalled >= Duration.ofSeconds(4).toNanos(), "not before the delay ended");
        }
    }
}
