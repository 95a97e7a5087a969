package dev.latchkey.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The deliveries' rows in PostgreSQL, for {@link WebhookDeliverer}: claiming due attempts
 * ({@code FOR UPDATE SKIP LOCKED}, the claim pushing the due time past the send's timeout) and
 * recording each attempt's outcome. Plain JDBC in autocommit: no request context is needed.
 */
@ApplicationScoped
class WebhookDeliveryStore {

    /** A claim outlives its send by this much, so a send that times out is answered before anyone else may claim. */
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(5);
    private static final String CLAIM = """
            with due as (
              select id from webhook_delivery where status = 'pending' and next_attempt_at <= now()
              order by next_attempt_at limit ? for update skip locked)
            update webhook_delivery d set attempt = d.attempt + 1, next_attempt_at = now() + ? * interval '1 millisecond'
            from due, webhook w, outbox_event e
            where d.id = due.id and w.id = d.webhook_id and e.id = d.event_id
            returning d.id, d.attempt, w.url, w.secret_sealed,
                      case when w.previous_secret_expires_at > now() then w.previous_secret_sealed end, e.id, e.body""";
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

    /** A claimed attempt; the sealed secrets that sign it: the current one, and the previous one while it still signs. */
    record Claimed(UUID id, int attempt, String url, List<String> sealedSecrets, UUID eventId, String body) {
    }

    List<Claimed> claim(int limit) {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(CLAIM)) {
            query.setInt(1, limit);
            query.setLong(2, config.timeout().plus(CLAIM_MARGIN).toMillis());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    List<String> sealed = rows.getString(5) == null ? List.of(rows.getString(4))
                            : List.of(rows.getString(4), rows.getString(5));
                    claimed.add(new Claimed(rows.getObject(1, UUID.class), rows.getInt(2), rows.getString(3), sealed,
                            rows.getObject(6, UUID.class), rows.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return claimed;
    }

    /** An attempt's outcome (status null: no answer): delivered, retried after the next delay, or failed. */
    void record(Claimed delivery, Integer status) {
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
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
