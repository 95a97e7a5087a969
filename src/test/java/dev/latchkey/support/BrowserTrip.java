package dev.latchkey.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.common.Digests;

/** What a browser does in a redirect-based sign-in: one GET at a time, redirects read rather than followed; PKCE values. */
public final class BrowserTrip {

    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private BrowserTrip() {
    }

    public static HttpResponse<String> get(String url) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The decoded parameters of a URL's query. */
    public static Map<String, String> query(String url) {
        return params(URI.create(url).getRawQuery());
    }

    /** Decoded {@code a=b&c=d} pairs, as a query or a form body carries them. */
    public static Map<String, String> params(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded == null ? new String[0] : encoded.split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    /** A PKCE code verifier, as a page makes one. */
    public static String verifier() {
        return UUID.randomUUID() + "-" + UUID.randomUUID();
    }

    public static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(verifier));
    }

    public static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
