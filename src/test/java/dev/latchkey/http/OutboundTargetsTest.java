package dev.latchkey.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Where the service may call on a tenant's say-so: an external issuer's JWKS, a webhook. */
class OutboundTargetsTest {

    @Test
    void privateAndLoopbackAddressesAndPlainHttpAreRefusedUnlessInsecureIsAllowed() throws Exception {
        for (String url : new String[] {"https://10.0.0.7/jwks.json", "https://127.0.0.1:8443/jwks", "https://169.254.169.254/latest",
                "https://[::1]/jwks", "https://[fd00::1]/jwks", "https://localhost/jwks"}) {
            OutboundTargets.Refused refused = assertThrows(OutboundTargets.Refused.class, () -> OutboundTargets.resolve(url, false), url);
            assertEquals("the host resolves to a loopback, private or link-local address", refused.getMessage(), url);
        }
        assertEquals("must use https", assertThrows(OutboundTargets.Refused.class,
                () -> OutboundTargets.resolve("http://93.184.215.14/jwks", false)).getMessage());
        assertEquals("must not carry credentials or a fragment", assertThrows(OutboundTargets.Refused.class,
                () -> OutboundTargets.resolve("https://user:pw@93.184.215.14/jwks", false)).getMessage());
        assertEquals(443, OutboundTargets.resolve("https://93.184.215.14/jwks", false).port());
        assertEquals(8080, OutboundTargets.resolve("http://127.0.0.1:8080/jwks", true).port());
    }
}
