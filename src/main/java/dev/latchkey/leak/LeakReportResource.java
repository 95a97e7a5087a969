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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Leaked keys, reported by anyone (CONTRACT section 9): no credential, limited per client address
 * (reports, and each reported key as a key check: {@link LeakedKeys#revoke}), and the same answer
 * whatever the keys are, so a report reveals nothing about them.
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
    @APIResponse(responseCode = "202", description = "Received; the same answer whatever the keys are", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Received.class)))
    public Response report(@NotNull @Valid LeakReport report, @Context HttpServerRequest http) {
        String address = clientAddress.of(http);
        limits.admitAddress("leak-report", address, limits.settings().leakReportsPerAddress());
        LeakedKeys.Outcome outcome = leaked.revoke(
                report.keys().stream().map(value -> new LeakedKeys.Reported(value, report.url())).toList(), "report", address);
        if (outcome.refused() != null) {
            // the keys looked up before the budget ran out stay revoked; the rest wait for a retry
            throw outcome.refused();
        }
        return Response.accepted(new Received(report.keys().size())).build();
    }

    public record Received(int received) {
    }
}
