package dev.latchkey.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An application's {@code redirect_urls} and the {@code redirect_to} a request names (CONTRACT
 * section 13): only an entry itself, or a path below an entry that ends in {@code /}, with the
 * same scheme, host and port. Anything a browser could read differently from
 * {@link java.net.URI} (backslashes, control characters, user info, encoded dots or slashes, dot
 * segments) is refused before comparing, so no open redirect hides behind a lookalike.
 */
public final class RedirectUrls {

    static final int MAX_LENGTH = 2000;
    private static final Pattern UNSAFE = Pattern.compile("[\\\\\\s\\p{Cntrl}]");
    /** In the path: an encoded dot, slash, backslash or NUL, which a server may decode into another path. */
    private static final Pattern ENCODED_PATH_TRICK = Pattern.compile("%(2[eEfF]|5[cC]|00)");

    private RedirectUrls() {
    }

    /** The entries to store, once each; 400 naming the first that is not an absolute https (or local http) URL. */
    public static List<String> validated(List<String> entries) {
        for (String entry : entries) {
            if (parse(entry) == null) {
                throw ApiException.invalidRequest("redirect_urls: " + entry.substring(0, Math.min(entry.length(), 100))
                        + " must be an absolute https URL (http only on localhost or 127.0.0.1), without user info or fragment");
            }
        }
        return List.copyOf(new LinkedHashSet<>(entries));
    }

    /** Whether {@code candidate} is one of the entries or a path below one that ends in {@code /}. */
    public static boolean allows(List<String> entries, String candidate) {
        URI target = parse(candidate);
        if (target == null) {
            return false;
        }
        for (String entry : entries) {
            URI allowed = parse(entry);
            if (allowed == null) {
                continue;
            }
            if (entry.equals(candidate)) {
                return true;
            }
            boolean sameOrigin = allowed.getScheme().equals(target.getScheme()) && allowed.getHost().equals(target.getHost())
                    && allowed.getPort() == target.getPort();
            String base = allowed.getRawPath();
            if (sameOrigin && allowed.getRawQuery() == null && base.endsWith("/") && target.getRawPath().startsWith(base)) {
                return true;
            }
        }
        return false;
    }

    /** {@code url} with {@code parameters} (already encoded) added to its query. */
    public static String withParameters(String url, String parameters) {
        return url + (url.contains("?") ? "&" : "?") + parameters;
    }

    /** A URL this class accepts at all, parsed; null for anything else. */
    private static URI parse(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_LENGTH || UNSAFE.matcher(url).find()) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            String host = uri.getHost();
            if (!uri.isAbsolute() || host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                    || !host.equals(host.toLowerCase(Locale.ROOT)) || !scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
                return null;
            }
            boolean local = host.equals("localhost") || host.equals("127.0.0.1");
            if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
                return null;
            }
            // no dot segments: the path compared is the path a browser will ask for
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return uri.normalize().getRawPath().equals(path) && !ENCODED_PATH_TRICK.matcher(path).find() ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
