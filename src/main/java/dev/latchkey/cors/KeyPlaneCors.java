package dev.latchkey.cors;

import java.util.Set;

import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.http.ErrorMappers;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * CORS for the key plane, per application. A response echoes {@code Access-Control-Allow-Origin}
 * only when the request was made with a publishable key whose application lists the origin, or
 * with a secret key refused for coming from a browser (so the page's developer can read why;
 * {@link #allow}, called by the admission pipeline); a preflight, which carries no key, passes
 * when some application lists it. Admin routes get no CORS headers.
 */
public class KeyPlaneCors {

    /** Routing-context entry: the origin the admission pipeline allowed for this request's answer. */
    static final String ALLOWED_ORIGIN = "latchkey.cors.allowed-origin";
    private static final Set<String> KEY_PLANE = Set.of("/api/v1/auth/", "/api/v1/keys/", "/api/data/", "/api/userAuth/", "/api/realtime/");
    private static final String ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE";
    private static final String ALLOW_HEADERS = "x-api-key, authorization, content-type, if-none-match, last-event-id";
    private static final String EXPOSE_HEADERS = "ETag, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After";

    @Inject
    KnownOrigins origins;

    @Inject
    ClientAddress clientAddress;

    /** Marks the current request's origin as allowed: a publishable key passed, or a secret key was refused in a browser. */
    public static void allow(RoutingContext context, String origin) {
        if (origin != null) {
            context.put(ALLOWED_ORIGIN, origin);
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> preflight(ContainerRequestContext request, RoutingContext context) {
        String origin = request.getHeaderString("Origin");
        if (!"OPTIONS".equals(request.getMethod()) || origin == null
                || request.getHeaderString("Access-Control-Request-Method") == null || !onKeyPlane(request)) {
            // no Uni for what is no preflight: RESTEasy then goes on without suspending every request
            return null;
        }
        String address = clientAddress.of(context.request());
        return Uni.createFrom().item(() -> origins.allowedAnywhere(origin, address))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(allowed -> allowed
                        ? Response.noContent()
                                .header("Access-Control-Allow-Origin", origin)
                                .header("Access-Control-Allow-Methods", ALLOW_METHODS)
                                .header("Access-Control-Allow-Headers", ALLOW_HEADERS)
                                .header("Access-Control-Max-Age", "600")
                                .header("Vary", "Origin")
                                .build()
                        : ErrorMappers.answer(new ApiException(403, "origin_not_allowed", "No application allows this origin", null))
                                .header("Vary", "Origin").build());
    }

    @ServerResponseFilter
    public void allowedOrigin(ContainerRequestContext request, ContainerResponseContext response, RoutingContext context) {
        if (!onKeyPlane(request)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.add("Vary", "Origin");
        String origin = context.get(ALLOWED_ORIGIN);
        if (origin != null && origin.equals(request.getHeaderString("Origin"))) {
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        }
    }

    private static boolean onKeyPlane(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        for (String prefix : KEY_PLANE) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
