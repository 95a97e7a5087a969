package dev.latchkey.data;

import java.net.URI;
import java.util.UUID;

import dev.latchkey.common.Ids;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.verification.ApiKeyOnly;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The data API: JSON documents per collection, in the key's application and environment. Bodies
 * are taken as bytes and checked by {@link DocumentJson}, whose limits are the documents' own.
 */
@Path("/api/data/{collection}")
@ApiKeyOnly
public class DataResource {

    @Inject
    DataCaller caller;

    @Inject
    DocumentService documents;

    /** On a virtual thread, as {@link #get}: a page is one blocking query. */
    @ApiKeyOnly(CallerPermissions.DATA_READ)
    @GET
    @RunOnVirtualThread
    public DocumentPage list(@PathParam("collection") String collection,
            @Parameter(description = "JSON conditions that must all hold (CONTRACT section 16), e.g. {\"status\":\"published\",\"price\":{\"$lt\":10}}")
            @QueryParam("where") String where,
            @Parameter(description = "Up to 3 comma-separated fields, - for descending, e.g. -_created_at,title; ties broken by _id")
            @QueryParam("sort") String sort,
            @Parameter(description = "Comma-separated top-level fields to return (_id always is)")
            @QueryParam("fields") String fields,
            @Parameter(description = "true: the answer carries count, the matching documents (exact up to 10,000)")
            @QueryParam("count") String count,
            @Parameter(description = "Page size, 1 to 200, default 50") @QueryParam("limit") String limit,
            @Parameter(description = "The next cursor of the previous page of this same query") @QueryParam("after") String after) {
        DocumentQueries.Result result = documents.list(caller, collection, ListingRequest.of(where, sort, fields, count, limit, after));
        return DocumentPage.of(result);
    }

    /**
     * The data API's hot path. On a virtual thread: its one blocking query parks the virtual
     * thread, not a worker thread, whose hand-off (park, unpark) cost more than the query's I/O.
     */
    @ApiKeyOnly(CallerPermissions.DATA_READ)
    @GET
    @Path("/{id}")
    @RunOnVirtualThread
    public DocumentAnswer get(@PathParam("collection") String collection, @PathParam("id") String id) {
        return DocumentAnswer.of(documents.get(caller, collection, documentId(id)));
    }

    @ApiKeyOnly({CallerPermissions.DATA_WRITE, CallerPermissions.DATA_WRITE_OWN_ROWS})
    @POST
    @APIResponse(responseCode = "201", description = "The stored document", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DocumentAnswer.class)))
    public Response create(@PathParam("collection") String collection, byte[] body) {
        Document created = documents.create(caller, collection, body);
        return Response.created(URI.create("/api/data/" + collection + "/" + created.id))
                .entity(DocumentAnswer.of(created)).build();
    }

    @ApiKeyOnly({CallerPermissions.DATA_WRITE, CallerPermissions.DATA_WRITE_OWN_ROWS})
    @PUT
    @Path("/{id}")
    public DocumentAnswer replace(@PathParam("collection") String collection, @PathParam("id") String id, byte[] body) {
        return DocumentAnswer.of(documents.replace(caller, collection, documentId(id), body));
    }

    @ApiKeyOnly({CallerPermissions.DATA_WRITE, CallerPermissions.DATA_WRITE_OWN_ROWS})
    @PATCH
    @Path("/{id}")
    public DocumentAnswer merge(@PathParam("collection") String collection, @PathParam("id") String id, byte[] patch) {
        return DocumentAnswer.of(documents.merge(caller, collection, documentId(id), patch));
    }

    @ApiKeyOnly({CallerPermissions.DATA_WRITE, CallerPermissions.DATA_WRITE_OWN_ROWS})
    @DELETE
    @Path("/{id}")
    public DocumentAnswer delete(@PathParam("collection") String collection, @PathParam("id") String id) {
        documents.delete(caller, collection, documentId(id));
        return DocumentAnswer.deleted();
    }

    private static UUID documentId(String id) {
        return Ids.parse(id, "Document");
    }
}
