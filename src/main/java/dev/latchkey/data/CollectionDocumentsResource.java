package dev.latchkey.data;

import dev.latchkey.application.ApplicationAccess;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * A collection's documents for the console (an extension of the contract): the data API's query
 * (CONTRACT section 16) by an admin token, in one environment, as a secret key sees them (no
 * row-level security). The application's own secret key reads through {@code /api/data} instead.
 */
@Path("/api/v1/applications/{id}/collections/{name}/documents")
@Authenticated
public class CollectionDocumentsResource {

    @Inject
    ApplicationAccess access;

    @Inject
    DocumentService documents;

    @PermissionsAllowed(CallerPermissions.DATA_READ)
    @GET
    public DocumentPage list(@PathParam("id") String id, @PathParam("name") String name,
            @QueryParam("environment") String environment, @QueryParam("where") String where, @QueryParam("sort") String sort,
            @QueryParam("fields") String fields, @QueryParam("count") String count, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        ApplicationAccess.Reach reach = access.require(id);
        Environment chosen = environment == null ? Environment.LIVE : environment(environment);
        if (!reach.environments().contains(chosen)) {
            throw ApiException.forbidden(CallerPermissions.DATA_READ, "A key reads the documents of its own environment only");
        }
        DocumentQueries.Result result = documents.listAll(DataScope.of(reach.applicationId(), chosen, name),
                ListingRequest.of(where, sort, fields, count, limit, after));
        return DocumentPage.of(result);
    }

    private static Environment environment(String wire) {
        try {
            return Environment.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("environment must be live or test");
        }
    }
}
