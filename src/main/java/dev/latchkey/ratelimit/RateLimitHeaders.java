package dev.latchkey.ratelimit;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (seconds) on every response that spent from a key's budget. */
public class RateLimitHeaders {

    @ServerResponseFilter
    public void addHeaders(ContainerResponseContext response, RoutingContext context) {
        Decision decision = context.get(RequestLimits.DECISION);
        if (decision == null) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("RateLimit-Limit", decision.limit());
        headers.putSingle("RateLimit-Remaining", decision.remaining());
        headers.putSingle("RateLimit-Reset", decision.resetSeconds());
    }
}
