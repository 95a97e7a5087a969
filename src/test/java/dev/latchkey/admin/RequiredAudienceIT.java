package dev.latchkey.admin;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged service refuses to start without MP_JWT_VERIFY_AUDIENCES, and says so: without an
 * audience, any token of the identity provider's realm that carries groups would be an admin token.
 */
class RequiredAudienceIT {

    @Test
    void startUpWithoutAnAudienceFailsNamingIt() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                Path.of("target", "quarkus-app", "quarkus-run.jar").toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_MANAGEMENT_PORT", "0",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none",
                "QUARKUS_DATASOURCE_USERNAME", "nobody",
                "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:1",
                "MP_JWT_VERIFY_ISSUER", "https://issuer.example",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "admin-public.pem",
                "SMALLRYE_JWT_SIGN_KEY_LOCATION", "user-token-private.pem",
                "LATCHKEY_HASH_SECRET", "zDRbnEAySfek4P/hCuXVG085yoYFaVlLmj0rEgJErS4="));
        builder.environment().remove("MP_JWT_VERIFY_AUDIENCES");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "start-up gave up");
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("MP_JWT_VERIFY_AUDIENCES"), output);
    }
}
