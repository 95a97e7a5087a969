package dev.latchkey.realtime;

import java.util.UUID;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.UserTokens;
import dev.latchkey.key.KeyType;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.verification.ApiKeyAuthenticationMechanism;
import dev.latchkey.verification.ApiKeyOnly;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Realtime (CONTRACT section 17): a Server-Sent Events stream, its tickets, and topic publishes. */
@Path("/api/realtime")
public class RealtimeResource {

    @Inject
    Subscriptions subscriptions;

    @Inject
    Tickets tickets;

    @Inject
    TopicRules rules;

    @Inject
    RealtimeBus bus;

    @Inject
    KeyCaller keys;

    @Inject
    UserTokens tokens;

    /**
     * Credentials in the headers (key, and a user token as usual) or a ticket; it judges them
     * itself, since a ticket stands for a key the headers do not carry. Events go out as the
     * client reads them ({@link RealtimeStream}).
     */
    @GET
    @Path("/stream")
    @PermitAll
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "Comma-separated collections whose changes to receive") @QueryParam("collections") String collections,
            @Parameter(description = "Comma-separated topic filters (+ one level, a last # the rest) whose messages to receive")
            @QueryParam("topics") String topics,
            @Parameter(description = "A ticket from POST /api/realtime/ticket, for EventSource, instead of headers") @QueryParam("ticket") String ticket,
            @Parameter(description = "The id of the last event received, to resume after a short disconnection")
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Parameter(description = "As Last-Event-ID, for a new EventSource (which cannot send the header): open it with a new ticket and this")
            @QueryParam("last_event_id") String lastEventIdParameter,
            @Context RoutingContext context, @Context Sse sse) {
        RealtimeStream stream = subscriptions.open(context, sse, ticket, collections, topics,
                lastEventId != null ? lastEventId : lastEventIdParameter);
        context.response().putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no").putHeader("Vary", "Origin");
        String origin = context.request().getHeader("Origin");
        if (origin != null && stream.subscription.key().type() == KeyType.PUBLISHABLE) {
            // the admission let this origin through; a streamed answer's head is written before response filters run
            context.response().putHeader("Access-Control-Allow-Origin", origin);
        }
        // a client that goes away is noticed when its connection closes, not at the next write
        context.addEndHandler(ended -> subscriptions.closed(stream));
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            emitter.onTermination(() -> subscriptions.closed(stream));
            stream.attach(emitter);
        }, BackPressureStrategy.BUFFER);
    }

    @POST
    @Path("/ticket")
    @ApiKeyOnly(CallerPermissions.DATA_READ)
    @RunOnVirtualThread
    public TicketAnswer ticket(@Context RoutingContext context) {
        VerifiedKey key = keys.key();
        UserTokens.SignedIn user = UserTokens.requireSecondFactorWhereDue(key, tokens.userIfPresented(context.request(), key));
        String presented = ApiKeyAuthenticationMechanism.presentedKey(context.request());
        return new TicketAnswer(tickets.issue(presented, key, user), Tickets.LIFETIME_SECONDS);
    }

    /** Spends the key's rate limit like any request (its filter); a publishable key only where the rules allow. */
    @POST
    @Path("/publish")
    @ApiKeyOnly({CallerPermissions.DATA_WRITE, CallerPermissions.DATA_WRITE_OWN_ROWS})
    @RunOnVirtualThread
    @APIResponse(responseCode = "202", description = "Sent to every subscriber connected now",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Published.class)))
    public Response publish(byte[] body, @Context RoutingContext context) {
        PublishRequest request = PublishRequest.parse(body);
        VerifiedKey key = keys.key();
        UUID user = null;
        if (key.type() == KeyType.PUBLISHABLE) {
            UserTokens.SignedIn signedIn = UserTokens.requireSecondFactorWhereDue(key, tokens.userIfPresented(context.request(), key));
            user = signedIn == null ? null : signedIn.userId();
        }
        rules.require(key, user, request.levels(), true);
        bus.message(key.applicationId(), key.environment().name(), request.topic(), request.payload());
        return Response.accepted(new Published(true)).build();
    }

    /** A single-use ticket for one stream, valid {@code expires_in} seconds. */
    public record TicketAnswer(String ticket, int expiresIn) {
    }

    public record Published(boolean success) {
    }
}
