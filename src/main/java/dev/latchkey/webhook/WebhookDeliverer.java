package dev.latchkey.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

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
    /** A claim outlives its send by this much, so a send that times out is answered before anyone else may claim. */
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(5);
    private static final String CLAIM = """
            with due as (
              select id from webhook_delivery where status = 'pending' and next_attempt_at <= now()
              order by next_attempt_at limit ? for update skip locked)
            update webhook_delivery d set attempt = d.attempt + 1, next_attempt_at = now() + ? * interval '1 millisecond'
            from due, webhook w, outbox_event e
            where d.id = due.id and w.id = d.webhook_id and e.id = d.event_id
            returning d.id, d.attempt, w.url, w.secret_sealed, e.id, e.body""";
    private static final String DELIVERED = """
            update webhook_delivery set status = 'delivered', response_status = ?, delivered_at = now(), next_attempt_at = null
            where id = ? and attempt = ?""";
    private static final String RETRY = """
            update webhook_delivery set response_status = ?, next_attempt_at = now() + ? * interval '1 millisecond'
            where id = ? and attempt = ?""";
    private static final String FAILED = """
            update webhook_delivery set status = 'failed', response_status = ?, next_attempt_at = null where id = ? and attempt = ?""";

    @Inject
    DataSource dataSource;

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

    /** A claimed attempt. */
    record Claimed(UUID id, int attempt, String url, String sealedSecret, UUID eventId, String body) {
    }

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
        List<Claimed> claimed;
        try {
            claimed = claim(permits);
        } catch (RuntimeException e) {
            free.release(permits);
            LOG.warnf("Claiming webhook deliveries failed (%s); trying again at the next poll", e.getMessage());
            return;
        }
        free.release(permits - claimed.size());
        for (Claimed delivery : claimed) {
            Infrastructure.getDefaultWorkerPool().execute(() -> send(delivery));
        }
        if (claimed.size() == permits) {
            again.set(true); // more may be due
        }
    }

    private List<Claimed> claim(int limit) {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(CLAIM)) {
            query.setInt(1, limit);
            query.setLong(2, config.timeout().plus(CLAIM_MARGIN).toMillis());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new Claimed(rows.getObject(1, UUID.class), rows.getInt(2), rows.getString(3), rows.getString(4),
                            rows.getObject(5, UUID.class), rows.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return claimed;
    }

    /** On a worker thread: resolves and checks the target (blocking), then sends without blocking. */
    private void send(Claimed delivery) {
        try {
            sendChecked(delivery);
        } catch (RuntimeException e) {
            LOG.warnf("Webhook delivery %s could not be sent (%s)", delivery.id(), e.getMessage());
            finish(delivery, null);
        }
    }

    private void sendChecked(Claimed delivery) {
        WebhookTargets.Target target;
        try {
            target = targets.resolve(delivery.url());
        } catch (WebhookTargets.Refused e) {
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
                .putHeader("webhook-signature", WebhookSecrets.signature(secrets.open(delivery.sealedSecret()), id, timestamp, delivery.body()));
        client().request(request)
                .compose(sent -> sent.send(Buffer.buffer(delivery.body())))
                .onComplete(answered -> {
                    // only the status counts; a body, if any, is dropped as it arrives (no handler is set)
                    Integer status = answered.succeeded() ? answered.result().statusCode() : null;
                    Infrastructure.getDefaultWorkerPool().execute(() -> finish(delivery, status));
                });
    }

    /** Records an attempt's outcome (status null: no answer) and frees its slot. */
    private void finish(Claimed delivery, Integer status) {
        try (Connection connection = dataSource.getConnection()) {
            boolean delivered = status != null && status >= 200 && status < 300;
            List<Duration> delays = config.retryDelays();
            PreparedStatement update;
            if (delivered) {
                update = connection.prepareStatement(DELIVERED);
            } else if (delivery.attempt() > delays.size()) {
                update = connection.prepareStatement(FAILED);
            } else {
                update = connection.prepareStatement(RETRY);
            }
            try (update) {
                int i = 1;
                update.setObject(i++, status);
                if (!delivered && delivery.attempt() <= delays.size()) {
                    update.setLong(i++, delays.get(delivery.attempt() - 1).toMillis());
                }
                update.setObject(i++, delivery.id());
                update.setInt(i, delivery.attempt());
                update.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
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
