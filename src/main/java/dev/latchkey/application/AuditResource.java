package dev.latchkey.application;

import java.time.Instant;
import java.util.List;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditRepository;
import dev.latchkey.common.Page;
import dev.latchkey.http.ApiException;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

@Path("/api/v1/applications/{id}/audit-log")
@Authenticated
public class AuditResource {

    @Inject
    ApplicationService applications;

    @Inject
    AuditRepository entries;

    @Inject
    AdminCaller caller;

    /** Entries oldest first; {@code next} is the cursor for the following page. */
    @PermissionsAllowed(CallerPermissions.AUDIT_READ)
    @GET
    public Page<EntryView> list(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        Application app = applications.require(caller.scope(), id);
        int size = Page.limit(limit);
        return Page.of(entries.page(app.id, cursor(after), Page.lookahead(size)), size, entry -> String.valueOf(entry.id))
                .map(shown -> shown.stream().map(EntryView::of).toList());
    }

    private static long cursor(String after) {
        if (after == null) {
            return 0;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest("after must be a cursor from a previous page's next");
        }
    }

    /** {@code changes}: the fields the action changed, by name (null when the action says it all). */
    public record EntryView(long id, Instant at, String actor, String action, String target, String ip, List<String> changes) {

        static EntryView of(AuditEntry entry) {
            return new EntryView(entry.id, entry.at, entry.actor, entry.action, entry.target, entry.ip, entry.changes);
        }
    }
}
