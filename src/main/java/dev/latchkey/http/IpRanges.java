package dev.latchkey.http;

import java.net.Inet6Address;
import java.net.InetAddress;

import io.smallrye.common.net.CidrAddress;
import io.smallrye.common.net.Inet;

/** IPv4 and IPv6 addresses and CIDR ranges, parsed by SmallRye's {@code Inet} (no name lookups, no string prefixes). */
public final class IpRanges {

    private IpRanges() {
    }

    /**
     * An address as the service compares it: IPv4 or IPv6 text, without a zone ({@code %eth0}), an
     * IPv4-mapped IPv6 address as the IPv4 address it carries (dual-stack sockets report IPv4
     * clients that way). Null when it is no address.
     */
    public static InetAddress address(String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        int zone = text.indexOf('%');
        InetAddress parsed = Inet.parseInetAddress(zone < 0 ? text : text.substring(0, zone));
        if (parsed instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            if (isIpv4Mapped(bytes)) {
                return Inet.getInet4Address(bytes[12] & 0xff, bytes[13] & 0xff, bytes[14] & 0xff, bytes[15] & 0xff);
            }
        }
        return parsed;
    }

    /** {@link #address} as text in its shortest form ({@code ::1}, {@code 2001:db8::1}), or null. */
    public static String canonical(String value) {
        InetAddress parsed = address(value);
        return parsed == null ? null : Inet.toOptimalString(parsed);
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
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
        InetAddress address = address(text);
        return address == null ? null : CidrAddress.create(address, address.getAddress().length * 8);
    }
}
