package dev.latchkey;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.latchkey.support.MintedSecrets;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other @QuarkusTest (the build sets @Order as the class orderer) and searches
 * the service's whole log output of the run for each secret key and token the tests obtained.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class SecretsNotLoggedTest {

    @Test
    void noMintedSecretAppearsInTheServiceLog() throws Exception {
        String log = Files.readString(Path.of("target/test-service.log"));
        List<String> secrets = MintedSecrets.all();
        assertTrue(secrets.size() > 20, "the run minted secrets to look for: " + secrets.size());
        assertTrue(log.contains("/api/v1/applications"), "the log holds the run's requests (access log)");
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "a secret or token of the run appears in the log");
            if (secret.startsWith("sk_")) {
                assertFalse(log.contains(secret.substring(8, 40)), "the random part of a secret key appears in the log");
            }
        }
    }
}
