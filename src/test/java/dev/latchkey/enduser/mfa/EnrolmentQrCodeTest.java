package dev.latchkey.enduser.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.support.QrCamera;
import org.junit.jupiter.api.Test;

/** The enrolment's QR code reads back as its otpauth URL, special characters and all. */
class EnrolmentQrCodeTest {

    @Test
    void theSvgReadsBackAsTheOtpauthUrl() {
        String url = Totp.otpauthUrl("Notes & Co", "ada@example.com", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        assertEquals(url, QrCamera.read(QrCodes.svg(url)));
    }
}
