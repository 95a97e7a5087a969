package dev.latchkey.data;

import java.util.Optional;

import dev.latchkey.http.ErrorMappers;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code /api/data/users*} answers 403 {@code use_user_auth} for any method, key or token, and
 * for any path below it, before routing or authentication: end users live behind /api/userAuth.
 */
@Singleton // declared: with static fields RESTEasy would make its generated filter application-scoped, behind a client proxy
public class UsersCollectionGuard {

    private static final String GUARDED = "/api/data/" + DataScope.RESERVED_PREFIX;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> refuseUsersCollection(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(GUARDED)) {
            return Optional.empty();
        }
        return Optional.of(ErrorMappers.answer(DataScope.useUserAuth()).build());
    }
}
