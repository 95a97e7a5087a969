package dev.latchkey.http;

import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.DataException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place that turns failures into the contract's error body. No message produced here
 * carries a class name, a stack trace or an input value: only field names and fixed texts.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '(.*)'");
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    @ServerExceptionMapper
    public Response apiError(ApiException e) {
        return answer(e).build();
    }

    /** The contract's answer to a failure, for filters that answer before any resource runs. */
    public static Response.ResponseBuilder answer(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body());
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response;
    }

    @ServerExceptionMapper
    public Response invalidInput(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .map(ErrorMappers::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return error(400, "invalid_request", message.isEmpty() ? "invalid request" : message);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class, MismatchedInputException.class})
    public Response unreadableJson(JsonProcessingException e) {
        return error(400, "invalid_request", describe(e));
    }

    @ServerExceptionMapper
    public Response missingCredentials(UnauthorizedException e) {
        return error(401, "missing_credentials", "Credentials are required for this endpoint");
    }

    @ServerExceptionMapper
    public Response failedAuthentication(AuthenticationFailedException e) {
        return error(401, "invalid_token", "The token is missing, expired or not valid");
    }

    /** A denied {@code @PermissionsAllowed}: the body names the (first) permission the endpoint declares. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        PermissionsAllowed declared = method == null ? null : method.getAnnotation(PermissionsAllowed.class);
        if (declared == null) {
            return error(403, "insufficient_permissions", "The credential lacks the permission for this action");
        }
        return apiError(ApiException.lacksPermission(declared.value()[0]));
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> error(404, "not_found", "No such resource");
            case 401 -> error(401, "missing_credentials", "Credentials are required for this endpoint");
            case 403 -> error(403, "insufficient_permissions", "The credential lacks the permission for this action");
            case 405 -> error(405, "invalid_request", "Method not allowed on this path");
            case 413 -> error(413, "invalid_request", "Request body too large");
            case 415 -> error(415, "invalid_request", "Content-Type must be application/json");
            default -> status < 500 ? error(status, "invalid_request", clientMistake(e)) : unexpected(e);
        };
    }

    /** A value PostgreSQL refused to store (out of range, bad encoding): the input's fault, not the service's. */
    @ServerExceptionMapper
    public Response unstorableValue(DataException e) {
        LOG.warnf("PostgreSQL refused a value: SQL state %s", e.getSQLState());
        return error(400, "invalid_request", "A value in the request cannot be stored");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (StoreFailures.causedBy(e, "54000")) { // a value too large for an entry of an index the collection declares
            LOG.warn("PostgreSQL refused a value too large for an index (SQL state 54000)");
            return error(400, "invalid_request", "A value in the request is too large for an index declared on this collection");
        }
        if (StoreFailures.isStoreUnavailable(e)) {
            LOG.warnf("A backing store is unavailable: %s", e.getClass().getSimpleName());
            return error(503, "unavailable", "A backing store is unavailable; retry later");
        }
        LOG.error("Unhandled error", e);
        return error(500, "internal_error", "Internal error");
    }

    private static Response error(int status, String code, String message) {
        return respond(status, new ErrorBody(code, message, null));
    }

    private static Response respond(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static String describe(JsonProcessingException e) {
        String repeated = repeatedField(e);
        if (repeated != null) {
            return repeated(repeated);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + fieldPath(unknown) + "'";
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "field '" + fieldPath(mapping) + "' has a wrong type or value";
        }
        if (e instanceof MismatchedInputException) {
            return "the request body must be a JSON object of the documented shape";
        }
        return "malformed JSON";
    }

    /** A 4xx Quarkus raised: a field given twice is named, anything else gets a fixed text. */
    private static String clientMistake(WebApplicationException e) {
        String repeated = repeatedField(e);
        return repeated != null ? repeated(repeated) : "Invalid request";
    }

    private static String repeated(String field) {
        return "field '" + field + "' is given more than once";
    }

    /**
     * The field a body names twice, or null. Jackson's strict duplicate detection ({@link StrictJson})
     * names it in its message only; Quarkus wraps the error in a 400 for some bodies.
     */
    private static String repeatedField(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse && parse.getOriginalMessage() != null) {
                Matcher duplicate = DUPLICATE_FIELD.matcher(parse.getOriginalMessage());
                if (duplicate.matches()) {
                    return duplicate.group(1);
                }
            }
        }
        return null;
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** "authMethods[0]: must match ..." from the violation's property path, in the JSON's snake case. */
    private static String describe(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(SNAKE_CASE.translate(node.getName()));
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? violation.getMessage() : field + ": " + violation.getMessage();
    }
}
