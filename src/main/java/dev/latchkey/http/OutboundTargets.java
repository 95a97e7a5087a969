package dev.latchkey.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where the service may call on a tenant's say-so (SSRF): webhooks, identity providers' keys.
 * https only, and never a non-public address ({@link PublicAddresses}), unless insecure targets
 * are allowed (tests, dev). The name is resolved and every address checked; the caller connects
 * to the address that was checked, so a name that resolves elsewhere the second time changes nothing.
 */
public final class OutboundTargets {

    private OutboundTargets() {
    }

    /** A target ready to call: the URL, and the checked address to connect to. */
    public record Target(URI url, InetAddress address) {

        public int port() {
            return url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        }

        public boolean tls() {
            return "https".equals(url.getScheme());
        }

        /** Path and query, as the request line carries them. */
        public String requestUri() {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        }
    }

    /** The checked target of a URL. Blocking: resolves the name. */
    public static Target resolve(String url, boolean allowInsecure) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("must be an absolute https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new Refused("must be an absolute https URL");
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new Refused("must not carry credentials or a fragment");
        }
        if (scheme.equals("http") && !allowInsecure) {
            throw new Refused("must use https");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("the host does not resolve");
        }
        if (!allowInsecure) {
            for (InetAddress address : addresses) {
                if (!PublicAddresses.isPublic(address)) {
                    throw new Refused("the host resolves to a loopback, private or link-local address");
                }
            }
        }
        return new Target(uri, addresses[0]);
    }

    /** A target the rules refuse; the message completes "url: ...". */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
