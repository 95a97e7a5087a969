package dev.latchkey.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Usage counts older than the retention (400 days by default) leave, and so do dead sessions; the rest stays. */
@QuarkusTest
class UsageRetentionTest {

    @Inject
    Database database;

    @Inject
    RetentionJob retention;

    @Test
    void usageOlderThanTheRetentionIsDeleted() throws Exception {
        NewApplication app = NewApplication.create();
        String keyId = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys").then().statusCode(200)
                .extract().jsonPath().getString("data.find { it.type == 'sk' && it.environment == 'live' }.id");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day : new LocalDate[] {today.minusDays(401), today.minusDays(400), today.minusDays(399), today}) {
            database.execute("insert into key_usage (key_id, application_id, environment, day, outcome, count) values (?, ?, 'LIVE', ?, 'ok', 1)",
                    UUID.fromString(keyId), UUID.fromString(app.id()), day);
        }
        retention.deleteExpiredUsage();
        assertEquals(3, database.count("select count(*) from key_usage where key_id = ?", UUID.fromString(keyId)));
        assertEquals(0, database.count("select count(*) from key_usage where key_id = ? and day < ?", UUID.fromString(keyId),
                today.minusDays(400)));
    }

    @Test
    void sessionsADayPastTheirEndAreDeleted() throws Exception {
        NewApplication app = NewApplication.create();
        UUID ended = UUID.fromString(EndUsers.signup(app.publishableKey()).getString("session_id"));
        UUID idle = UUID.fromString(EndUsers.signup(app.publishableKey()).getString("session_id"));
        UUID justEnded = UUID.fromString(EndUsers.signup(app.publishableKey()).getString("session_id"));
        UUID live = UUID.fromString(EndUsers.signup(app.publishableKey()).getString("session_id"));
        database.execute("update end_user_session set ended_at = now() - interval '25 hours' where id = ?", ended);
        database.execute("update end_user_session set last_used_at = now() - interval '9 days' where id = ?", idle);
        database.execute("update end_user_session set ended_at = now() where id = ?", justEnded);
        retention.deleteDeadSessions();
        assertEquals(0, database.count("select count(*) from end_user_session where id in (?, ?)", ended, idle));
        assertEquals(0, database.count("select count(*) from end_user_refresh_token where session_id in (?, ?)", ended, idle));
        assertEquals(2, database.count("select count(*) from end_user_session where id in (?, ?)", justEnded, live));
    }
}
