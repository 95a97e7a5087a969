package dev.latchkey.enduser.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.UUID;

import dev.latchkey.support.QrCamera;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/** The enrolment's QR code reads back as its otpauth URL, special characters and all. */
class EnrolmentQrCodeTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theSvgReadsBackAsTheOtpauthUrl() {
        String url = Totp.otpauthUrl("Notes & Co", "ada@example.com", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        assertEquals(url, QrCamera.read(QrCodes.svg(url)));
    }

    @Test
    void everyEnrolmentsCodeReadsBack() {
        // as many secrets and names as enrolments make: each draws another pattern of modules
        for (int i = 0; i < 200; i++) {
            byte[] secret = new byte[20];
            RANDOM.nextBytes(secret);
            String url = Totp.otpauthUrl("App " + i, "user-" + UUID.randomUUID() + "@example.com",
                    new Base32().encodeToString(secret).replace("=", ""));
            assertEquals(url, QrCamera.read(QrCodes.svg(url)), url);
        }
    }
}
