package dev.latchkey.webhook;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.latchkey.http.OutboundTargets;
import dev.latchkey.outbox.FaultHooks;
import dev.latchkey.outbox.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Sends pending deliveries, off every request path: any instance claims due ones in PostgreSQL
 * ({@code FOR UPDATE SKIP LOCKED}, and the claim pushes the due time past the send's timeout, so two
 * instances never send the same attempt at once; an instance that dies mid-send leaves the
 * delivery to be retried when its claim runs out: at least once). At most
 * {@code max-in-flight} sends at once per instance, each with a timeout, so a slow or dead receiver
 * costs a slot, never a request. Redirects are not followed, and every send connects to the
 * address {@link WebhookTargets} checked.
 */
@ApplicationScoped
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    @Inject
    WebhookDeliveryStore store;

    @Inject
    WebhookConfig config;

    @Inject
    WebhookTargets targets;

    @Inject
    WebhookSecrets secrets;

    @Inject
    Vertx vertx;

    @Inject
    FaultHooks faults;

    private volatile HttpClient client;
    private volatile Semaphore slots;
    private final AtomicBoolean again = new AtomicBoolean();
    private final ExecutorService claimer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("latchkey-webhook-claims").daemon().factory());

    /** Right after a transaction wrote events, so a delivery does not wait for the next poll. */
    void afterEvents(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.EventsWritten written) {
        faults.afterCommit();
        nudge();
    }

    @Scheduled(every = "${latchkey.webhook.poll-interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        nudge();
    }

    void stop(@Observes ShutdownEvent event) {
        claimer.shutdownNow();
    }

    /** Claims on one thread; a nudge while a round runs makes it run once more. */
    private void nudge() {
        if (again.getAndSet(true)) {
            return;
        }
        try {
            claimer.execute(() -> {
                while (again.getAndSet(false)) {
                    claimAndSend();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            again.set(false); // shutting down
        }
    }

    private void claimAndSend() {
        Semaphore free = slots();
        int permits = free.drainPermits();
        if (permits == 0) {
            return;
        }
        List<WebhookDeliveryStore.Claimed> claimed;
        try {
            claimed = store.claim(permits);
        } catch (RuntimeException e) {
            free.release(permits);
            LOG.warnf("Claiming webhook deliveries failed (%s); trying again at the next poll", e.getMessage());
            return;
        }
        free.release(permits - claimed.size());
        for (WebhookDeliveryStore.Claimed delivery : claimed) {
            Infrastructure.getDefaultWorkerPool().execute(() -> send(delivery));
        }
        if (claimed.size() == permits) {
            again.set(true); // more may be due
        }
    }

    /** On a worker thread: resolves and checks the target (blocking), then sends without blocking. */
    private void send(WebhookDeliveryStore.Claimed delivery) {
        try {
            sendChecked(delivery);
        } catch (RuntimeException e) {
            LOG.warnf("Webhook delivery %s could not be sent (%s)", delivery.id(), e.getMessage());
            finish(delivery, null);
        }
    }

    private void sendChecked(WebhookDeliveryStore.Claimed delivery) {
        OutboundTargets.Target target;
        try {
            target = targets.resolve(delivery.url());
        } catch (OutboundTargets.Refused e) {
            LOG.warnf("Webhook delivery %s not sent: url %s", delivery.id(), e.getMessage());
            finish(delivery, null);
            return;
        }
        long timestamp = System.currentTimeMillis() / 1000;
        String id = delivery.eventId().toString();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.url().getHost()).setPort(target.port()).setSsl(target.tls()).setURI(target.requestUri())
                .setFollowRedirects(false).setTimeout(config.timeout().toMillis())
                .putHeader("content-type", "application/json").putHeader("user-agent", "Latchkey-Webhooks/1")
                .putHeader("webhook-id", id).putHeader("webhook-timestamp", String.valueOf(timestamp))
                .putHeader("webhook-signature", secrets.signatures(delivery.sealedSecrets(), id, timestamp, delivery.body()));
        client().request(request)
                .compose(sent -> sent.send(Buffer.buffer(delivery.body())))
                .onComplete(answered -> {
                    // only the status counts; a body, if any, is dropped as it arrives (no handler is set)
                    Integer status = answered.succeeded() ? answered.result().statusCode() : null;
                    Infrastructure.getDefaultWorkerPool().execute(() -> finish(delivery, status));
                });
    }

    /** Records an attempt's outcome (status null: no answer) and frees its slot. */
    private void finish(WebhookDeliveryStore.Claimed delivery, Integer status) {
        try {
            store.record(delivery, status);
        } catch (RuntimeException e) {
            // the claim runs out and the attempt is made again: at least once
            LOG.warnf("Recording webhook delivery %s failed (%s)", delivery.id(), e.getMessage());
        } finally {
            slots().release();
            nudge();
        }
    }

    private Semaphore slots() {
        if (slots == null) {
            synchronized (this) {
                if (slots == null) {
                    slots = new Semaphore(config.maxInFlight());
                }
            }
        }
        return slots;
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) config.timeout().toMillis())
                            .setMaxPoolSize(config.maxInFlight()).setVerifyHost(true).setTrustAll(false));
                }
            }
        }
        return client;
    }
}
