package dev.latchkey.http;

import java.net.URI;
import java.util.Optional;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's base URL as browsers reach it: where providers return, and where the hosted sign-in pages are. */
@ApplicationScoped
public class ServiceUrl {

    /** Set behind a proxy that rewrites the host; by default each request's own scheme and host. */
    @ConfigProperty(name = "latchkey.public-url")
    Optional<String> publicUrl;

    /** No trailing slash. For what the requesting browser is sent to; a link mailed to someone else needs {@link #configured()}. */
    public String of(HttpServerRequest request) {
        return configured().orElseGet(() -> request.scheme() + "://" + request.host()); // Host, or HTTP/2 :authority
    }

    /** The configured base URL only: a request's Host is its sender's to choose, so never put in a link for another person. */
    public Optional<String> configured() {
        return publicUrl.filter(url -> !url.isBlank()).map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * The Origin a publishable key is judged against: the request's, unless it is this service's
     * own (the hosted sign-in pages call the API from Latchkey's origin, which no application
     * lists; a browser names an origin only for pages served from it). Null when there is none.
     */
    public String foreignOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        try {
            URI own = URI.create(of(request));
            return origin.equalsIgnoreCase(own.getScheme() + "://" + own.getRawAuthority()) ? null : origin;
        } catch (IllegalArgumentException e) {
            return origin; // a Host that is no authority at all names no origin of ours
        }
    }
}
