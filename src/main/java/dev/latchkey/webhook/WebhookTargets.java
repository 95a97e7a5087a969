package dev.latchkey.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import dev.latchkey.http.ApiException;
import dev.latchkey.http.PublicAddresses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where webhooks may send (SSRF): https only, and never to a non-public address
 * ({@link PublicAddresses}), unless the insecure setting is on. The name is resolved and the address
 * checked both when the webhook is registered and before every send, and the send connects to the
 * address that was checked (a name that resolves elsewhere the second time changes nothing).
 */
@ApplicationScoped
public class WebhookTargets {

    @Inject
    WebhookConfig config;

    /** A target ready to send to: the URL, and the checked address to connect to. */
    public record Target(URI url, InetAddress address) {

        int port() {
            return url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        }

        boolean tls() {
            return "https".equals(url.getScheme());
        }

        /** Path and query, as the request line carries them. */
        String requestUri() {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        }
    }

    /** The URL to store, or 400 naming {@code url}. Blocking: resolves the name. */
    public String validate(String url) {
        try {
            return resolve(url).url().toString();
        } catch (Refused e) {
            throw ApiException.invalidRequest("url: " + e.getMessage());
        }
    }

    /** The checked target of a stored URL. Blocking: resolves the name. */
    public Target resolve(String url) throws Refused {
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
        if (scheme.equals("http") && !config.allowInsecureUrls()) {
            throw new Refused("must use https");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("the host does not resolve");
        }
        if (!config.allowInsecureUrls()) {
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
