package dev.latchkey.usage;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import dev.latchkey.application.ApplicationAccess;
import dev.latchkey.http.ApiException;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * {@code GET /api/v1/applications/{id}/usage?from=&to=}: for an admin token, or the application's
 * own secret key with {@code analytics:read} (its own environment's keys only). Counts reach
 * PostgreSQL with each instance's next flush, a few seconds after the checks.
 */
@Path("/api/v1/applications/{id}/usage")
@Authenticated
public class UsageResource {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    @Inject
    ApplicationAccess access;

    @Inject
    UsageReport report;

    @PermissionsAllowed(CallerPermissions.ANALYTICS_READ)
    @GET
    public UsageView usage(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
        ApplicationAccess.Reach reach = access.require(id);
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : date("to", to);
        LocalDate first = from == null ? last.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        if (first.isAfter(last)) {
            throw ApiException.invalidRequest("from must not be after to");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw ApiException.invalidRequest("a usage query spans at most " + MAX_DAYS + " days");
        }
        return report.of(reach.applicationId(), reach.environments(), first, last);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidRequest(name + " must be an ISO date such as 2026-01-31");
        }
    }
}
