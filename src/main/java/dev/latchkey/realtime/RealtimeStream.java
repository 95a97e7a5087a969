package dev.latchkey.realtime;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ErrorBody;
import dev.latchkey.key.KeyType;
import dev.latchkey.verification.AdmissionRequest;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * One subscriber's stream: what it asked for, who it is (kept to check again while it is open),
 * and the events waiting for the client to read them. Events go out only as fast as the client
 * reads (the emitter's demand); a client that lets {@link #BACKLOG} events wait is dropped with a
 * final event rather than buffered without bound.
 */
final class RealtimeStream {

    static final int BACKLOG = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sse sse;
    final String id = UUID.randomUUID().toString();
    final Subscription subscription;
    private final ArrayDeque<OutboundSseEvent> waiting = new ArrayDeque<>();
    private MultiEmitter<? super OutboundSseEvent> emitter;
    private long endingSince;
    /** How long the final event may wait for the client: short when the stream's right to exist ended. */
    private long graceNanos;
    /** Events replayed for Last-Event-ID: they wait beyond the backlog, which bounds what comes live. */
    private int replayAllowance;
    private final long openedAt = System.nanoTime();
    private volatile long lastSent = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Who subscribed to what.
     *
     * @param recheck     the key's admission request as it came (origin, address), to judge it again
     * @param user        the end user, or null without a user token
     * @param collections the collections whose changes it receives
     * @param filters     the topic filters whose messages it receives
     */
    record Subscription(AdmissionRequest recheck, VerifiedKey key, UUID user, UUID session, Instant tokenExpiresAt,
            Set<String> collections, List<List<String>> filters) {

        boolean secretKey() {
            return key.type() == KeyType.SECRET;
        }
    }

    RealtimeStream(Sse sse, Subscription subscription) {
        this.sse = sse;
        this.subscription = subscription;
        // the first write sends the answer's headers: a client knows at once it is subscribed
        waiting.add(sse.newEventBuilder().comment("subscribed").build());
    }

    /** Whether this subscriber may and wants to see the event; {@code ownerOnly}: the change's collection reads as owner. */
    boolean wants(RealtimeEvent event, boolean ownerOnly) {
        if (RealtimeEvent.CHANGE.equals(event.name())) {
            return subscription.collections().contains(event.collection())
                    && (!ownerOnly || subscription.secretKey() || (subscription.user() != null && subscription.user().equals(event.owner())));
        }
        if (event.topic() == null) {
            return false;
        }
        // a loop, not a stream: this runs for every open stream of the scope on every event
        for (List<String> filter : subscription.filters()) {
            if (Topics.covers(filter, event.topic())) {
                return true;
            }
        }
        return false;
    }

    synchronized void attach(MultiEmitter<? super OutboundSseEvent> attached) {
        emitter = attached;
        attached.onRequest(requested -> drain());
        drain();
    }

    void deliver(RealtimeEvent event) {
        offer(outbound(event));
    }

    /** An event missed before a reconnection, queued ahead of live ones and not held to the backlog. */
    synchronized void replay(RealtimeEvent event) {
        replayAllowance++;
        waiting.add(outbound(event));
    }

    private OutboundSseEvent outbound(RealtimeEvent event) {
        return sse.newEventBuilder().name(event.name()).id(Long.toString(event.id()))
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, event.data()).build();
    }

    void keepAlive() {
        offer(sse.newEventBuilder().comment("keep-alive").build());
    }

    long nanosSinceLastSent() {
        return System.nanoTime() - lastSent;
    }

    /**
     * Sends {@code event: end} with the reason, then closes; later events are dropped. An end that
     * takes the stream's right away (a refused key or session) drops what still waits, and leaves
     * the client 1 s to read the final event; one asking the client to resume leaves it 30 s.
     */
    synchronized void end(StreamEnd reason) {
        if (endingSince != 0) {
            return;
        }
        endingSince = System.nanoTime();
        graceNanos = reason.resumable() ? TimeUnit.SECONDS.toNanos(30) : TimeUnit.SECONDS.toNanos(1);
        if (!reason.resumable()) {
            waiting.clear();
        }
        waiting.add(sse.newEventBuilder().name("end").mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, json(new ErrorBody(reason.error(), reason.message(), null))).build());
        drain();
    }

    /** A client that does not read its final event within the end's grace is cut off. */
    synchronized void closeIfGraceOver() {
        if (endingSince != 0 && System.nanoTime() - endingSince > graceNanos && emitter != null) {
            waiting.clear();
            emitter.complete();
        }
    }

    /** Registered, yet no client ever took the answer within {@code nanos} (its request failed on the way). */
    synchronized boolean neverAttachedWithin(long nanos) {
        return emitter == null && System.nanoTime() - openedAt > nanos;
    }

    /** True the first time only. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    synchronized boolean ending() {
        return endingSince != 0;
    }

    private synchronized void offer(OutboundSseEvent event) {
        if (endingSince != 0) {
            return;
        }
        if (waiting.size() >= BACKLOG + replayAllowance) {
            waiting.clear();
            end(StreamEnd.SLOW_CONSUMER);
            return;
        }
        waiting.add(event);
        drain();
    }

    private synchronized void drain() {
        if (emitter == null || emitter.isCancelled()) {
            return;
        }
        while (!waiting.isEmpty() && emitter.requested() > 0) {
            emitter.emit(waiting.poll());
            lastSent = System.nanoTime();
            replayAllowance = Math.max(0, replayAllowance - 1);
        }
        if (endingSince != 0 && waiting.isEmpty()) {
            emitter.complete();
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
