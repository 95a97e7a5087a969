package dev.latchkey.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A POST, PUT or PATCH that sends no body and no {@code Content-Type} is taken as JSON with no
 * body: a route whose body is optional (logout, for one) answers as without it, one that needs a
 * body says which field is missing. Without this, such a request answered 415, as if its absent
 * body were of another type. A body of another type is left as it is.
 */
@ApplicationScoped
public class BodilessRequests {

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::takeAsJson);
    }

    private void takeAsJson(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpMethod method = request.method();
        if ((method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)
                && request.getHeader(HttpHeaders.CONTENT_TYPE) == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null
                && isZero(request.getHeader(HttpHeaders.CONTENT_LENGTH))) {
            request.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        context.next();
    }

    /** No length (HTTP/1.1 without a body) or a length of 0. */
    private static boolean isZero(String length) {
        return length == null || length.trim().equals("0");
    }
}
