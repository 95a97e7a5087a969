package dev.latchkey.leak;

import dev.latchkey.http.ClientAddress;
import dev.latchkey.ratelimit.RequestLimits;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;

/**
 * Leaked keys, reported by anyone (CONTRACT section 9): no credential, limited per client address,
 * and the same answer whatever the keys are, so a report reveals nothing about them.
 */
@Path("/api/v1/keys/leaked")
@PermitAll
public class LeakReportResource {

    @Inject
    LeakedKeys leaked;

    @Inject
    RequestLimits limits;

    @Inject
    ClientAddress clientAddress;

    @POST
    public Response report(@NotNull @Valid LeakReport report, @Context HttpServerRequest http) {
        limits.admitAddress("leak-report", clientAddress.of(http), limits.settings().leakReportsPerAddress());
        leaked.revoke(report.keys().stream().map(value -> new LeakedKeys.Reported(value, report.url())).toList(), "report");
        return Response.accepted(new Received(report.keys().size())).build();
    }

    public record Received(int received) {
    }
}
