package dev.latchkey.enduser.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.latchkey.support.Authenticator;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/** The tests' authenticator and the service's TOTP both make RFC 6238's own test vectors (SHA-1, last 6 digits). */
class AuthenticatorTest {

    private static final String RFC_SECRET = new Base32().encodeToString("12345678901234567890".getBytes(StandardCharsets.US_ASCII))
            .replace("=", "");
    private static final long[] TIMES = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
    private static final String[] CODES = {"287082", "081804", "050471", "005924", "279037", "353130"};

    @Test
    void theTestsAuthenticatorMakesTheRfcVectors() {
        Authenticator authenticator = Authenticator.scan("otpauth://totp/RFC:test?secret=" + RFC_SECRET + "&issuer=RFC");
        for (int i = 0; i < TIMES.length; i++) {
            assertEquals(CODES[i], authenticator.at(Instant.ofEpochSecond(TIMES[i]), 0), "at " + TIMES[i]);
        }
    }

    @Test
    void theServiceMakesTheRfcVectorsAndAcceptsOnlyNeighbouringSteps() {
        for (int i = 0; i < TIMES.length; i++) {
            assertEquals(CODES[i], Totp.codeAt(RFC_SECRET, TIMES[i] / 30), "at " + TIMES[i]);
        }
        Instant at = Instant.ofEpochSecond(1111111111L);
        assertEquals(1111111111L / 30, Totp.matchingStep(RFC_SECRET, "050471", at));
        assertEquals(1111111111L / 30, Totp.matchingStep(RFC_SECRET, "050471", at.plusSeconds(30)), "a step late");
        assertEquals(-1, Totp.matchingStep(RFC_SECRET, "050471", at.plusSeconds(90)), "two steps on, refused");
        assertEquals(-1, Totp.matchingStep(RFC_SECRET, "05047", at), "five digits");
    }
}
