package dev.latchkey.realtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.latchkey.data.CollectionRules;
import dev.latchkey.data.DataScope;
import dev.latchkey.data.ReadAccess;
import dev.latchkey.key.Environment;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * This instance's open streams, by application and environment, and the events of the last minute
 * in the order PostgreSQL delivered them (the same order on every instance), from which a stream
 * reopened with {@code Last-Event-ID} gets what it missed. Kept at most {@link #KEPT_CHARS}
 * characters of events, the oldest dropped first.
 */
@ApplicationScoped
public class Subscribers {

    static final long KEPT_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final long KEPT_CHARS = 32L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(Subscribers.class);

    private record Scope(UUID applicationId, String environment) {
    }

    private record Kept(RealtimeEvent event, long receivedAt) {
    }

    private final Map<Scope, ScopeStreams> streams = new ConcurrentHashMap<>();
    private final ArrayDeque<Kept> recent = new ArrayDeque<>();
    private long recentChars;

    @Inject
    CollectionRules collectionRules;

    @Inject
    TopicRules topicRules;

    @Inject
    public Subscribers(MeterRegistry registry) {
        Gauge.builder("latchkey.realtime.streams", this, subscribers -> subscribers.all().size())
                .description("Realtime streams open on this instance").register(registry);
    }

    /** Hands an event to every stream of its scope that may and wants to see it; keeps it for resumption. */
    @ActivateRequestContext
    public synchronized void dispatch(RealtimeEvent event) {
        long now = System.nanoTime();
        forgetBefore(now - KEPT_NANOS);
        recent.add(new Kept(event, now));
        recentChars += event.data().length();
        ScopeStreams listening = streams.get(new Scope(event.applicationId(), event.environment()));
        if (listening == null) {
            return;
        }
        boolean ownerOnly = ownerOnly(event);
        listening.forEachCandidate(event, stream -> {
            if (sees(stream, event, ownerOnly)) {
                stream.deliver(event);
            }
        });
    }

    /**
     * Opens {@code stream} to events; with {@code lastEventId} still kept here, first replays the
     * events after it, so none is missed or repeated across the reconnection.
     */
    @ActivateRequestContext
    public synchronized void add(RealtimeStream stream, Long lastEventId) {
        RealtimeStream.Subscription subscription = stream.subscription;
        streams.computeIfAbsent(new Scope(subscription.key().applicationId(), subscription.key().environment().name()),
                scope -> new ScopeStreams()).add(stream);
        if (lastEventId == null) {
            return;
        }
        boolean after = false;
        for (Kept kept : recent) {
            RealtimeEvent event = kept.event();
            if (after && event.applicationId().equals(subscription.key().applicationId())
                    && event.environment().equals(subscription.key().environment().name()) && sees(stream, event, ownerOnly(event))) {
                stream.replay(event);
            }
            after |= event.id() == lastEventId;
        }
    }

    public void remove(RealtimeStream stream) {
        ScopeStreams scoped = streams.get(new Scope(stream.subscription.key().applicationId(),
                stream.subscription.key().environment().name()));
        if (scoped != null) {
            scoped.remove(stream);
        }
    }

    /** Every open stream of this instance. */
    public List<RealtimeStream> all() {
        List<RealtimeStream> all = new ArrayList<>();
        streams.values().forEach(scoped -> all.addAll(scoped.all()));
        return all;
    }

    public void endAll(StreamEnd reason) {
        all().forEach(stream -> stream.end(reason));
    }

    private boolean sees(RealtimeStream stream, RealtimeEvent event, boolean ownerOnly) {
        RealtimeStream.Subscription subscription = stream.subscription;
        return stream.wants(event, ownerOnly) && (event.topic() == null
                || topicRules.delivers(subscription.key(), subscription.user(), event.topic()));
    }

    /** Whether the change's collection reads as owner; when its settings cannot be read now, as if it did (only owners then see it). */
    private boolean ownerOnly(RealtimeEvent event) {
        if (!RealtimeEvent.CHANGE.equals(event.name())) {
            return false;
        }
        try {
            return collectionRules.of(DataScope.of(event.applicationId(), Environment.valueOf(event.environment()),
                    event.collection())).readAccess() == ReadAccess.OWNER;
        } catch (RuntimeException e) {
            LOG.warnf("A collection's settings could not be read (%s); its change goes to its owner only", e.getMessage());
            return true;
        }
    }

    private void forgetBefore(long oldest) {
        for (Iterator<Kept> kept = recent.iterator(); kept.hasNext(); ) {
            Kept next = kept.next();
            if (next.receivedAt() - oldest >= 0 && recentChars <= KEPT_CHARS) {
                return;
            }
            recentChars -= next.event().data().length();
            kept.remove();
        }
    }
}
