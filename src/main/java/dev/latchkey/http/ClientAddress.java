package dev.latchkey.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smallrye.common.net.CidrAddress;
import io.smallrye.common.net.Inet;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place that decides a request's client address (CONTRACT section 8), for every
 * per-address budget, the failed-login throttle and the audit log: the connection's peer, unless
 * that peer is a trusted proxy ({@code LATCHKEY_TRUSTED_PROXIES}, CIDR ranges, default none); then
 * the rightmost {@code X-Forwarded-For} address that is not itself a trusted proxy. Entries left of
 * it were written by the client and are never believed. Quarkus' own proxy forwarding must stay
 * off: it takes the leftmost entry, which the client chooses.
 */
@Singleton // no client proxy: every key check calls it
public class ClientAddress {

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<CidrAddress> trustedProxies;

    /**
     * @param configured proxies whose X-Forwarded-For is believed (LATCHKEY_TRUSTED_PROXIES,
     *     comma-separated CIDR ranges or addresses); none by default, so the header is ignored
     */
    @Inject
    ClientAddress(@ConfigProperty(name = "latchkey.trusted-proxies") Optional<List<String>> configured) {
        this(configured.orElse(List.of()));
    }

    /** Outside CDI (unit tests). */
    public ClientAddress(List<String> trustedProxies) {
        List<CidrAddress> ranges = new ArrayList<>();
        for (String range : trustedProxies) {
            CidrAddress parsed = IpRanges.parse(range);
            if (parsed == null) {
                throw new IllegalArgumentException("LATCHKEY_TRUSTED_PROXIES: not an IP address or CIDR range: " + range.strip());
            }
            ranges.add(parsed);
        }
        this.trustedProxies = List.copyOf(ranges);
    }

    public String of(HttpServerRequest request) {
        SocketAddress peer = peer(request);
        if (peer == null || peer.hostAddress() == null) {
            return "unknown";
        }
        String host = peer.hostAddress();
        // the JDK writes an IPv4 peer canonically already: only IPv6 is rewritten (::1, not 0:0:0:0:0:0:0:1)
        String address = host.indexOf(':') < 0 ? host : IpRanges.canonical(host);
        if (address == null) {
            return host;
        }
        if (trustedProxies.isEmpty()) {
            return address;
        }
        return resolve(address, request.headers().getAll(FORWARDED_FOR));
    }

    /**
     * The connection's peer (with the PROXY protocol, the address it names), which the connection
     * keeps: the request's own {@code remoteAddress()} runs Vert.x Web's forwarded-header parser once
     * per request and formats a new address (about a microsecond per key check), though nothing here
     * believes forwarded headers but {@link #resolve}.
     */
    private static SocketAddress peer(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        return connection != null ? connection.remoteAddress() : request.remoteAddress();
    }

    /**
     * What a per-address budget counts: an IPv4 address, or the /64 an IPv6 address lies in (one
     * subscriber holds a whole /64, so counting its addresses one by one would be no budget).
     */
    public static String budgetKey(String address) {
        InetAddress parsed = IpRanges.address(address);
        if (parsed == null || parsed.getAddress().length == 4) {
            return address;
        }
        return Inet.toOptimalString(CidrAddress.create(parsed, 64).getNetworkAddress()) + "/64";
    }

    /**
     * The coarser bucket an IPv6 address also counts against: its /48, a typical site's routed
     * prefix. Null for IPv4 (or an unparsable address): one address is already one bucket.
     */
    public static String aggregateKey(String address) {
        InetAddress parsed = IpRanges.address(address);
        if (parsed == null || parsed.getAddress().length == 4) {
            return null;
        }
        return Inet.toOptimalString(CidrAddress.create(parsed, 48).getNetworkAddress()) + "/48";
    }

    /** The rule itself: the peer, or walking X-Forwarded-For from the right past trusted proxies. */
    String resolve(String peer, List<String> forwardedFor) {
        InetAddress hop = IpRanges.address(peer);
        if (hop == null || !trusted(hop)) {
            return peer;
        }
        List<String> entries = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String entry : header.split(",")) {
                entries.add(entry.strip());
            }
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            InetAddress forwarded = IpRanges.address(withoutPort(entries.get(i)));
            if (forwarded == null) {
                // not an address where a proxy of ours wrote one: believe nothing further left
                return Inet.toOptimalString(hop);
            }
            hop = forwarded;
            if (!trusted(hop)) {
                return Inet.toOptimalString(hop);
            }
        }
        // every hop is a trusted proxy: the leftmost one is as far as anything can be known
        return Inet.toOptimalString(hop);
    }

    /** Some proxies write {@code 203.0.113.7:51234} or {@code [2001:db8::1]:443}: the address alone. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(1, end);
        }
        int colon = entry.indexOf(':');
        return colon > 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
    }

    private boolean trusted(InetAddress address) {
        for (CidrAddress range : trustedProxies) {
            if (range.matches(address)) {
                return true;
            }
        }
        return false;
    }
}
