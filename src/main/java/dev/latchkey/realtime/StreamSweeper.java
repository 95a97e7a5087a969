package dev.latchkey.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.key.KeyType;
import dev.latchkey.verification.AdmissionRequest;
import dev.latchkey.verification.AdmissionStatus;
import dev.latchkey.verification.KeyAdmission;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps open streams honest (CONTRACT section 17: closed within 1 s). Every round (250 ms) it
 * judges each stream's key again as a request would be (a revoked, rotated-out, expired or
 * suspended key is out of every instance's cache before the change is answered, so the next
 * round sees it) and reads, in one query, which of the streams' sessions are still live with their
 * user enabled; it ends the streams that no longer pass, and those whose user token expired. It
 * also sends the 15-second keep-alive comments and renews the streams' slots.
 */
@ApplicationScoped
public class StreamSweeper {

    private static final Logger LOG = Logger.getLogger(StreamSweeper.class);
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long SLOT_RENEWAL_NANOS = TimeUnit.MILLISECONDS.toNanos(StreamSlots.LEASE_MILLIS / 3);
    private static final long UNATTACHED_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Inject
    Subscribers subscribers;

    @Inject
    KeyAdmission admission;

    @Inject
    Sessions sessions;

    @Inject
    StreamSlots slots;

    @Inject
    Subscriptions subscriptions;

    /** How often streams are judged again: a quarter of the contract's 1 s. */
    @ConfigProperty(name = "latchkey.realtime.sweep-interval", defaultValue = "250ms")
    Duration interval;

    private long lastRenewal = System.nanoTime();
    private ScheduledExecutorService loop;

    /** A thread of its own: Quarkus' scheduler looks at its triggers once a second, too coarse for 250 ms. */
    void start(@Observes StartupEvent started) {
        loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("latchkey-realtime-sweeper").daemon().factory());
        loop.scheduleWithFixedDelay(this::sweepInRequestContext, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepInRequestContext() {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.errorf(e, "A realtime sweep failed; the next one runs as planned");
        } finally {
            context.terminate();
        }
    }

    void sweep() {
        List<RealtimeStream> open = subscribers.all();
        if (open.isEmpty()) {
            return;
        }
        endRefusedKeys(open);
        endEndedSessions(open);
        boolean renew = System.nanoTime() - lastRenewal > SLOT_RENEWAL_NANOS;
        List<RealtimeStream> renewed = new ArrayList<>();
        for (RealtimeStream stream : open) {
            if (stream.neverAttachedWithin(UNATTACHED_NANOS)) {
                subscriptions.closed(stream);
                continue;
            }
            stream.closeIfGraceOver();
            if (stream.ending()) {
                continue;
            }
            if (stream.nanosSinceLastSent() > KEEP_ALIVE_NANOS) {
                stream.keepAlive();
            }
            if (renew && stream.subscription.key().type() == KeyType.PUBLISHABLE) {
                renewed.add(stream);
            }
        }
        if (renew) {
            lastRenewal = System.nanoTime();
            // Redis round trips off this thread: a slow Redis must not delay the next judgement of keys
            Infrastructure.getDefaultWorkerPool().execute(() -> renewed.forEach(stream ->
                    slots.renew(stream.subscription.key().keyId(), stream.subscription.recheck().address(), stream.id)));
        }
    }

    void stopping(@Observes ShutdownEvent stopped) {
        if (loop != null) {
            loop.shutdownNow();
        }
        subscribers.endAll(StreamEnd.STOPPING);
    }

    /** One judgement per distinct key, origin and address; a key that cannot be judged now ends its streams too. */
    private void endRefusedKeys(List<RealtimeStream> open) {
        Map<AdmissionRequest, Optional<AdmissionStatus>> verdicts = new HashMap<>();
        for (RealtimeStream stream : open) {
            Optional<AdmissionStatus> refusal;
            try {
                refusal = verdicts.computeIfAbsent(stream.subscription.recheck(),
                        request -> Optional.ofNullable(admission.refusalNow(request)));
            } catch (RuntimeException e) {
                LOG.warnf("A realtime stream's key could not be judged again (%s); the stream ends", e.getMessage());
                stream.end(StreamEnd.UNVERIFIABLE);
                continue;
            }
            refusal.ifPresent(status -> stream.end(StreamEnd.of(status)));
        }
    }

    private void endEndedSessions(List<RealtimeStream> open) {
        Instant now = Instant.now();
        Set<UUID> watched = open.stream().map(stream -> stream.subscription.session()).filter(session -> session != null)
                .collect(Collectors.toSet());
        if (watched.isEmpty()) {
            return;
        }
        Set<UUID> live = null;
        try {
            live = sessions.liveAmong(watched);
        } catch (RuntimeException e) {
            LOG.warnf("The sessions of realtime streams could not be read (%s); their streams end", e.getMessage());
        }
        for (RealtimeStream stream : open) {
            RealtimeStream.Subscription subscription = stream.subscription;
            if (subscription.session() == null) {
                continue;
            }
            if (live == null) {
                stream.end(StreamEnd.UNVERIFIABLE);
            } else if (!live.contains(subscription.session())) {
                stream.end(StreamEnd.SESSION_ENDED);
            } else if (!now.isBefore(subscription.tokenExpiresAt())) {
                stream.end(StreamEnd.TOKEN_EXPIRED);
            }
        }
    }
}
