package dev.latchkey.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The trusted-proxy rule of CONTRACT section 8, case by case. */
class ClientAddressRuleTest {

    private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "::1"));

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("203.0.113.9", behindProxies.resolve("203.0.113.9", List.of("1.2.3.4")));
    }

    @Test
    void behindATrustedProxyTheRightmostUntrustedEntryIsTheClient() {
        assertEquals("198.51.100.7", behindProxies.resolve("10.0.0.5", List.of("1.2.3.4, 198.51.100.7")));
        assertEquals("198.51.100.7", behindProxies.resolve("10.0.0.5", List.of("1.2.3.4, 198.51.100.7, 10.0.0.9")));
        assertEquals("198.51.100.7", behindProxies.resolve("10.0.0.5", List.of("1.2.3.4", "198.51.100.7")));
        assertEquals("2001:db8::1", behindProxies.resolve("0:0:0:0:0:0:0:1", List.of("2001:db8:0:0:0:0:0:1")));
    }

    @Test
    void forwardedEntriesWithPortsCountByTheirAddress() {
        assertEquals("198.51.100.7", behindProxies.resolve("10.0.0.5", List.of("1.2.3.4, 198.51.100.7:51234")));
        assertEquals("2001:db8::7", behindProxies.resolve("10.0.0.5", List.of("[2001:db8::7]:443")));
    }

    @Test
    void anIpv6ClientIsBudgetedByItsSlash64() {
        assertEquals("2001:db8:1:2::/64", ClientAddress.budgetKey("2001:db8:1:2:aaaa::1"));
        assertEquals(ClientAddress.budgetKey("2001:db8:1:2::1"), ClientAddress.budgetKey("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals("203.0.113.9", ClientAddress.budgetKey("203.0.113.9"));
    }

    @Test
    void withNothingBelievableForwardedThePeerOrTheLastTrustedHopIsTheClient() {
        assertEquals("10.0.0.5", behindProxies.resolve("10.0.0.5", List.of()));
        assertEquals("10.0.0.5", behindProxies.resolve("10.0.0.5", List.of("not-an-address")));
        assertEquals("10.0.0.9", behindProxies.resolve("10.0.0.5", List.of("1.2.3.4, junk, 10.0.0.9")));
        // every hop a proxy of ours: the leftmost is as far as anything is known
        assertEquals("10.0.0.7", behindProxies.resolve("10.0.0.5", List.of("10.0.0.7, 10.0.0.9")));
    }

    @Test
    void rangesAreParsedAsAddressesNotAsText() {
        assertNotNull(IpRanges.parse("10.0.0.0/8"));
        assertNotNull(IpRanges.parse("2001:db8::/32"));
        assertNotNull(IpRanges.parse(" 192.168.1.1 "));
        for (String bad : List.of("10.0.0.0/33", "::1/129", "1.2.3", "10.0.0.0/", "10.0.0.0/-1", "example.com", "10.0.0.0/8/8")) {
            assertNull(IpRanges.parse(bad), bad);
        }
        // 10.1.2.3 lies in 10.0.0.0/8 even though "10.1" is no prefix of "10.0"; 100.0.0.1 does not
        ClientAddress tenSlashEight = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("1.1.1.1", tenSlashEight.resolve("10.1.2.3", List.of("1.1.1.1")));
        assertEquals("100.0.0.1", tenSlashEight.resolve("100.0.0.1", List.of("1.1.1.1")));
    }

    @Test
    void aMalformedTrustedProxySettingStopsStartUp() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
    }
}
