package dev.latchkey.http;

import java.util.Set;

import dev.latchkey.http.ApiOperations.Access;
import dev.latchkey.http.ApiOperations.Named;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * What the document cannot read off the code about headers and conflicts (CONTRACT sections 3, 6
 * and 11): the key plane's RateLimit headers, Retry-After on 429 and 503, ETag on identify,
 * Location on 201, the admin plane's optional X-Tenant, and the operations that answer 409.
 */
final class ResponseHeaders {

    /**
     * Operations that answer 409 {@code conflict}: an existing tenant, e-mail (an external identity
     * whose e-mail is not verified) or confirmed TOTP factor, a full key or webhook budget.
     */
    private static final Set<String> CONFLICTS = Set.of("createTenant", "createKey", "createWebhook", "signup", "enrollTotp",
            "confirmTotp", "exchangeExternalToken", "registerPasskey");

    private ResponseHeaders() {
    }

    static void apply(Operation operation, Named named) {
        if (CONFLICTS.contains(named.operationId())) {
            ApiDocument.error(operation, "409", "It exists already, or a cap is reached (the message says which)");
        }
        if (named.access() == Access.ADMIN) {
            operation.addParameter(OASFactory.createParameter().name("X-Tenant").in(Parameter.In.HEADER).required(false)
                    .description("The tenant acted in; must match the token's tenant_id (platform admins choose any)")
                    .schema(text()));
        }
        boolean keyPlane = named.access() != Access.ADMIN && named.access() != Access.NONE;
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (keyPlane) {
                response.addHeader("RateLimit-Limit", header("Requests the key's budget allows per window", integer()));
                response.addHeader("RateLimit-Remaining", header("Requests left in this window", integer()));
                response.addHeader("RateLimit-Reset", header("Seconds until the window resets", integer()));
            }
            if (status.equals("429") || status.equals("503")) {
                response.addHeader("Retry-After", header("Seconds to wait before retrying", integer()));
            }
            if (status.equals("201")) {
                response.addHeader("Location", header("Where the created object is read", text()));
            }
            if (named.operationId().equals("identify") && (status.equals("200") || status.equals("304"))) {
                response.addHeader("ETag", header("The configuration's version, for If-None-Match", text()));
            }
        });
        if (named.operationId().equals("identify")) {
            operation.addParameter(OASFactory.createParameter().name("If-None-Match").in(Parameter.In.HEADER).required(false)
                    .description("The ETag of a configuration already held: 304 when it is still current").schema(text()));
        }
    }

    private static Header header(String description, Schema schema) {
        return OASFactory.createHeader().description(description).schema(schema);
    }

    private static Schema integer() {
        return OASFactory.createSchema().addType(Schema.SchemaType.INTEGER);
    }

    private static Schema text() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }
}
