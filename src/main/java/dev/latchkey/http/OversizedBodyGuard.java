package dev.latchkey.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request that announces a body over {@code quarkus.http.limits.max-body-size} is refused with
 * the contract's 413 body before anything reads it. Quarkus' own limit handler, which runs right
 * after this one, answers such requests with an empty 413; it still guards chunked bodies, which
 * announce no length.
 */
@ApplicationScoped
public class OversizedBodyGuard {

    private final long limit;
    private final String refusal;

    OversizedBodyGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit, ObjectMapper json)
            throws JsonProcessingException {
        this.limit = limit.asLongValue();
        // the body the error mapper would give, written once: this handler runs before JAX-RS
        this.refusal = json.writeValueAsString(new ApiException(413, "invalid_request",
                "Request body too large: at most " + this.limit + " bytes", null).body());
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseOversized);
    }

    private void refuseOversized(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !isOver(length)) {
            context.next();
            return;
        }
        // the unread body would otherwise be taken for the next request on this connection
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(refusal);
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x itself refuses a malformed Content-Length
        }
    }
}
