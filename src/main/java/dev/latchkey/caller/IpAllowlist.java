package dev.latchkey.caller;

import java.net.InetAddress;
import java.util.List;

import dev.latchkey.http.IpRanges;
import io.smallrye.common.net.CidrAddress;

/**
 * The addresses a secret key may be used from: each entry an IPv4 or IPv6 address or CIDR range,
 * as the operator gave it, and parsed once (the check compares bits, never string prefixes).
 */
public record IpAllowlist(List<String> entries, List<CidrAddress> ranges) {

    /** At most this many entries per key. */
    public static final int MAX_ENTRIES = 100;

    /** The list of stored entries (validated when they were stored); null: any address. */
    public static IpAllowlist of(List<String> entries) {
        if (entries == null) {
            return null;
        }
        return new IpAllowlist(List.copyOf(entries), entries.stream().map(IpRanges::parse).filter(range -> range != null).toList());
    }

    /** Whether a client address (as {@code ClientAddress} gives it, or verify's {@code ip}) is in the list; no address is not. */
    public boolean allows(String address) {
        InetAddress parsed = IpRanges.address(address);
        if (parsed == null) {
            return false;
        }
        for (CidrAddress range : ranges) {
            if (range.matches(parsed)) {
                return true;
            }
        }
        return false;
    }
}
