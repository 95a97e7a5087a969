package dev.latchkey.http;

import java.net.InetAddress;

import io.smallrye.common.net.CidrAddress;
import io.smallrye.common.net.Inet;

/** IPv4 and IPv6 addresses and CIDR ranges, parsed by SmallRye's {@code Inet} (no name lookups, no string prefixes). */
public final class IpRanges {

    private IpRanges() {
    }

    /** A range such as {@code 10.0.0.0/8} or {@code ::1/128}; a plain address is a range of one. Null when malformed. */
    public static CidrAddress parse(String value) {
        String text = value.strip();
        if (text.indexOf('/') >= 0) {
            try {
                return Inet.parseCidrAddress(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        InetAddress address = Inet.parseInetAddress(text);
        return address == null ? null : CidrAddress.create(address, address.getAddress().length * 8);
    }
}
