package dev.latchkey.hosted;

import java.util.List;
import java.util.UUID;

import dev.latchkey.application.Application;
import dev.latchkey.common.Ids;
import dev.latchkey.enduser.social.OAuthTrips;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.RedirectUrls;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The hosted sign-in page (CONTRACT section 15): the sign-in component on Latchkey's own origin,
 * for applications without pages of their own. The page's script (/auth/hosted.js) hands the
 * signed-in user back to {@code redirect_to} with a {@code latchkey_code} bound to {@code code_challenge}.
 */
@Path("/auth/{applicationId}/{environment}/sign-in")
public class HostedSignInPage {

    /** Scripts and styles of this origin only (the components adopt constructed stylesheets); never framed. */
    static final String POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self';"
            + " img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Inject
    EntityManager entityManager;

    /** Qute escapes what it inserts: the application's name is the tenant's text. */
    @Location("hosted/sign-in.html")
    Template page;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(hidden = true)
    public Response page(@PathParam("applicationId") String applicationId, @PathParam("environment") String environment,
            @QueryParam("redirect_to") String redirectTo, @QueryParam("code_challenge") String codeChallenge) {
        UUID id = Ids.parse(applicationId, "Application");
        Environment chosen = environment(environment);
        Application app = entityManager.find(Application.class, id);
        List<String> keys = app == null ? List.of() : entityManager.createQuery("""
                select k.publishableValue from ApiKey k where k.applicationId = ?1 and k.environment = ?2 and k.type = ?3
                and k.revokedAt is null and (k.expiresAt is null or k.expiresAt > current_timestamp)
                order by k.primary desc, k.createdAt desc""", String.class)
                .setParameter(1, id).setParameter(2, chosen).setParameter(3, KeyType.PUBLISHABLE).setMaxResults(1).getResultList();
        if (keys.isEmpty()) {
            throw ApiException.notFound("Application");
        }
        // without both, the page is where a provider or a mailed link came back to: the page kept them
        if (redirectTo != null || codeChallenge != null) {
            if (redirectTo == null || !RedirectUrls.allows(app.redirectUrls, redirectTo)) {
                throw ApiException.invalidRequest("redirect_to: is required, and must be one of the application's redirect_urls, or a"
                        + " path below one that ends in /");
            }
            OAuthTrips.requireChallenge(codeChallenge);
        }
        return Response.ok(page.data("appName", app.name).data("publishableKey", keys.getFirst()).render())
                .header("Content-Security-Policy", POLICY).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }

    private static Environment environment(String wire) {
        try {
            return Environment.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Environment " + wire);
        }
    }
}
