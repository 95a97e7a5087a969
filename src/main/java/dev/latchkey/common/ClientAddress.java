package dev.latchkey.common;

import io.vertx.core.http.HttpServerRequest;

/**
 * The caller's address as Vert.x sees it: behind a load balancer, enable
 * {@code quarkus.http.proxy.proxy-address-forwarding} so it is the client's, not the balancer's.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
