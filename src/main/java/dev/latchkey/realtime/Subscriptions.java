package dev.latchkey.realtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.data.CollectionRules;
import dev.latchkey.data.DataScope;
import dev.latchkey.data.ReadAccess;
import dev.latchkey.enduser.UserTokens;
import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.http.ServiceUrl;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.KeyType;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.verification.Admission;
import dev.latchkey.verification.AdmissionRequest;
import dev.latchkey.verification.ApiKeyAuthenticationMechanism;
import dev.latchkey.verification.KeyAdmission;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;

/**
 * Opens a stream (CONTRACT section 17): its credentials from the headers or a ticket, judged as
 * any key-plane request is (a pass spends the key's rate limit); what it subscribes to, each
 * collection readable and each topic filter allowed by the rules; a slot under the per-address
 * limit; then registration, so that it receives every event from here on.
 */
@ApplicationScoped
public class Subscriptions {

    static final int MAX_SUBSCRIPTIONS = 20;

    @Inject
    KeyAdmission admission;

    @Inject
    ClientAddress clientAddress;

    @Inject
    ServiceUrl serviceUrl;

    @Inject
    UserTokens tokens;

    @Inject
    Sessions sessions;

    @Inject
    Tickets tickets;

    @Inject
    CollectionRules collectionRules;

    @Inject
    TopicRules topicRules;

    @Inject
    StreamSlots slots;

    @Inject
    Subscribers subscribers;

    @Inject
    RealtimeListener listener;

    /** Blocking: the admission may read the stores, the user token's session is read. */
    RealtimeStream open(RoutingContext context, Sse sse, String ticket, String collections, String topics, String lastEventId) {
        if (!listener.listening()) {
            throw ApiException.unavailable(1, "Realtime is not connected to its event feed yet: retry");
        }
        Tickets.Redeemed redeemed = ticket == null ? null : tickets.redeem(ticket);
        String presented = redeemed != null ? redeemed.key() : ApiKeyAuthenticationMechanism.presentedKey(context.request());
        if (presented == null) {
            throw KeyCaller.keyRequired();
        }
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(presented);
        if (parsed == null) {
            throw Admission.invalid().failure();
        }
        AdmissionRequest request = ApiKeyAuthenticationMechanism.admissionRequest(context, parsed, clientAddress, serviceUrl);
        VerifiedKey key = CallerPermissions.require(admission.admitBlocking(request).orThrow().key(),
                new String[] {CallerPermissions.DATA_READ});
        UserTokens.SignedIn user = UserTokens.requireSecondFactorWhereDue(key,
                redeemed != null ? ticketUser(redeemed) : tokens.userIfPresented(context.request(), key));
        Set<String> readable = readable(key, user, collections);
        List<List<String>> filters = allowed(key, user, topics);
        if (readable.isEmpty() && filters.isEmpty()) {
            throw ApiException.invalidRequest("Subscribe to something: collections=posts,notes and/or topics=rooms/42/#");
        }
        RealtimeStream stream = new RealtimeStream(sse, new RealtimeStream.Subscription(
                new AdmissionRequest(parsed, request.origin(), request.fromBrowser(), request.address(), request.ip(),
                        null, null, false, 1, null),
                key, user == null ? null : user.userId(), user == null ? null : user.sessionId(),
                user == null ? null : user.expiresAt(), readable, filters));
        if (key.type() == KeyType.PUBLISHABLE) {
            slots.take(key.keyId(), request.address(), stream.id);
        }
        try {
            subscribers.add(stream, lastEventId(lastEventId));
        } catch (RuntimeException e) {
            closed(stream);
            throw e;
        }
        return stream;
    }

    /**
     * Once per stream, whichever notices first: its emitter's termination or its connection's end,
     * both on the event loop, so the slot is given back on a worker thread (Redis' client blocks).
     */
    void closed(RealtimeStream stream) {
        if (!stream.markClosed()) {
            return;
        }
        subscribers.remove(stream);
        RealtimeStream.Subscription subscription = stream.subscription;
        if (subscription.key().type() == KeyType.PUBLISHABLE) {
            Infrastructure.getDefaultWorkerPool().execute(() ->
                    slots.release(subscription.key().keyId(), subscription.recheck().address(), stream.id));
        }
    }

    private UserTokens.SignedIn ticketUser(Tickets.Redeemed redeemed) {
        if (redeemed.user() == null) {
            return null;
        }
        if (!redeemed.tokenExpiresAt().isAfter(Instant.now()) || !sessions.active(redeemed.session(), redeemed.user())) {
            throw new ApiException(401, "invalid_token", StreamEnd.SESSION_ENDED.message(), null);
        }
        return new UserTokens.SignedIn(redeemed.user(), redeemed.session(), redeemed.tokenExpiresAt(), redeemed.passedMfa());
    }

    /** The collections named, each one the caller may read (an owner-read one needs a user token). */
    private Set<String> readable(VerifiedKey key, UserTokens.SignedIn user, String collections) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : listed(collections, "collections")) {
            DataScope scope = DataScope.of(key.applicationId(), key.environment(), name);
            if (key.type() == KeyType.PUBLISHABLE && user == null
                    && collectionRules.of(scope).readAccess() == ReadAccess.OWNER) {
                throw new ApiException(401, "invalid_token", "Collection " + name
                        + " reads only its owner's documents: send a user token as Authorization: Bearer <token>", null);
            }
            names.add(scope.collection());
        }
        return names;
    }

    private List<List<String>> allowed(VerifiedKey key, UserTokens.SignedIn user, String topics) {
        List<List<String>> filters = new ArrayList<>();
        for (String topic : listed(topics, "topics")) {
            List<String> filter = Topics.filter(topic, "topics");
            topicRules.require(key, user == null ? null : user.userId(), filter, false);
            filters.add(filter);
        }
        return filters;
    }

    private static List<String> listed(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> entries = List.of(value.split(",", -1)).stream().map(String::trim).toList();
        if (entries.size() > MAX_SUBSCRIPTIONS) {
            throw ApiException.invalidRequest(parameter + ": at most " + MAX_SUBSCRIPTIONS + ", comma-separated");
        }
        return entries;
    }

    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null; // not one of ours: start from now
        }
    }
}
