package dev.latchkey.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Whether an address is one the service may call on a tenant's say-so (SSRF): not loopback,
 * private, link-local, shared (carrier-grade NAT), benchmarking, IETF-protocol (192.0.0.0/24),
 * reserved (240.0.0.0/4, broadcast), multicast or unspecified. An IPv6 address that carries an
 * IPv4 one (IPv4-mapped, -compatible and -translated forms, NAT64 64:ff9b::/96, 6to4 2002::/16,
 * Teredo 2001::/32) is judged by the IPv4 addresses it carries; local-use NAT64 (64:ff9b:1::/48),
 * discard-only (100::/64), unique-local and site-local ranges are never public.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address ? isPublicIpv4(bytes) : isPublicIpv6(bytes);
    }

    private static boolean isPublicIpv4(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first != 0 && first != 10 && first != 127 && first < 224 // 224/4 multicast, 240/4 reserved and broadcast
                && !(first == 100 && second >= 64 && second < 128)
                && !(first == 169 && second == 254)
                && !(first == 172 && second >= 16 && second < 32)
                && !(first == 192 && second == 168)
                && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
                && !(first == 198 && (second == 18 || second == 19));
    }

    private static boolean isPublicIpv6(byte[] bytes) {
        int head = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        int second = ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        if ((bytes[0] & 0xfe) == 0xfc || (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0xc0) {
            return false; // fc00::/7 unique local, fec0::/10 site local
        }
        if (head == 0x0064 && second == 0xff9b) {
            // 64:ff9b::/96 carries the IPv4 address last; 64:ff9b:1::/48 is for local use only
            return zero(bytes, 4, 12) && isPublicIpv4(last32(bytes));
        }
        if (head == 0x0100 && zero(bytes, 2, 8)) {
            return false; // 100::/64, discard only
        }
        if (head == 0x2002) {
            return isPublicIpv4(Arrays.copyOfRange(bytes, 2, 6)); // 6to4
        }
        if (head == 0x2001 && second == 0) {
            byte[] client = last32(bytes); // Teredo: the server's IPv4, then the client's, inverted
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return isPublicIpv4(Arrays.copyOfRange(bytes, 4, 8)) && isPublicIpv4(client);
        }
        if (zero(bytes, 0, 8)) {
            // ::/96 (IPv4-compatible), ::ffff:0:0/96 (mapped, when not already given as IPv4), ::ffff:0:0:0/96 (translated)
            boolean zeros = zero(bytes, 8, 12);
            boolean mapped = zero(bytes, 8, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
            boolean translated = (bytes[8] & 0xff) == 0xff && (bytes[9] & 0xff) == 0xff && zero(bytes, 10, 12);
            return !(zeros || mapped || translated) || isPublicIpv4(last32(bytes));
        }
        return true;
    }

    private static byte[] last32(byte[] bytes) {
        return Arrays.copyOfRange(bytes, 12, 16);
    }

    private static boolean zero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
