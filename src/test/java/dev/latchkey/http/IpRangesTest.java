package dev.latchkey.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpRangesTest {

    @Test
    void addressesAreComparedWithoutZoneAndIpv4MappedAsIpv4() {
        assertEquals("::1", IpRanges.canonical("0:0:0:0:0:0:0:1%0"));
        assertEquals("2001:db8::1", IpRanges.canonical("2001:db8:0:0:0:0:0:1"));
        assertEquals("127.0.0.1", IpRanges.canonical("::ffff:127.0.0.1"));
        assertEquals("203.0.113.7", IpRanges.canonical(" 203.0.113.7 "));
        assertTrue(IpRanges.parse("127.0.0.0/8").matches(IpRanges.address("::ffff:127.0.0.9")));
    }

    @Test
    void malformedAddressesAndRangesAreNull() {
        assertNull(IpRanges.canonical("1.2.3"));
        assertNull(IpRanges.canonical("example.com"));
        assertNull(IpRanges.parse("10.0.0.0/33"));
        assertNull(IpRanges.parse("::1/129"));
        assertNull(IpRanges.parse("1.2.3"));
        assertNull(IpRanges.canonical(null));
    }
}
