package dev.latchkey.enduser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three packaged instances share PostgreSQL and Redis. While each user's token is in use on every
 * instance, the user is disabled, signed out by an admin, or logs out, through one instance; a
 * request sent after that call answered and accepted by any instance is a violation (CONTRACT
 * section 13: refused on every instance before the ending call answers). There must be none.
 */
class SessionEndIT {

    private static final int INSTANCES = 3;
    private static final int USERS = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    private static ServiceInstances cluster;
    private static String adminToken;
    private static String appId;
    private static String publishableKey;

    @BeforeAll
    static void startCluster() throws Exception {
        // the traffic would otherwise meet the key's rate limit and the signups the per-address one
        cluster = new ServiceInstances(INSTANCES, java.util.Map.of("LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000",
                "LATCHKEY_RATE_LIMIT_SIGNUP_PER_ADDRESS_LIMIT", "1000"));
        adminToken = AdminTokens.platformAdmin();
        SECRETS.add(adminToken);
        JsonNode app = cluster.createApplication(adminToken, "Sessions");
        appId = app.get("id").asText();
        publishableKey = app.at("/keys/live/publishable_key").asText();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            String logs = cluster.logs();
            for (String secret : SECRETS) {
                assertFalse(logs.contains(secret), "a token or password appears in an instance's log");
            }
        } finally {
            cluster.close();
        }
    }

    @Test
    void aDisabledUserIsRefusedEverywhereBeforeThePatchAnswers() throws Exception {
        Outcome outcome = endUnderTraffic("disable", (user, instance) -> cluster.admin(adminToken, "PATCH", instance,
                users() + user.id, "{\"disabled\":true}", null));
        assertEquals(0, outcome.violations.get(), "a disabled user's token was accepted after the PATCH answered");
    }

    @Test
    void anAdminSignOutIsRefusedEverywhereBeforeItAnswers() throws Exception {
        Outcome outcome = endUnderTraffic("sign-out", (user, instance) -> cluster.admin(adminToken, "POST", instance,
                users() + user.id + "/sign-out", null, null));
        assertEquals(0, outcome.violations.get(), "a signed-out session was accepted after the sign-out answered");
    }

    @Test
    void aLogoutIsRefusedEverywhereBeforeItAnswers() throws Exception {
        Outcome outcome = endUnderTraffic("logout", (user, instance) -> {
            HttpResponse<String> answer = send(instance, "POST", "/api/userAuth/logout", user.token, "{}");
            assertEquals(204, answer.statusCode(), answer.body());
            return null;
        });
        assertEquals(0, outcome.violations.get(), "a logged-out session was accepted after the logout answered");
    }

    private record User(String id, String token) {
    }

    /** Counts over the run; {@code served} and {@code refusedBy} per instance, for the waits. */
    private record Outcome(AtomicInteger violations, AtomicInteger refusedAfter, AtomicIntegerArray served,
            AtomicIntegerArray refusedBy) {
    }

    private static boolean allAtLeastOne(AtomicIntegerArray counts) {
        for (int i = 0; i < counts.length(); i++) {
            if (counts.get(i) < 1) {
                return false;
            }
        }
        return true;
    }

    private interface Ending {
        Object end(User user, int instance) throws Exception;
    }

    /** Each user's token hammered on every instance while the session is ended through one of them. */
    private static Outcome endUnderTraffic(String what, Ending ending) throws Exception {
        Outcome outcome = new Outcome(new AtomicInteger(), new AtomicInteger(), new AtomicIntegerArray(INSTANCES),
                new AtomicIntegerArray(INSTANCES));
        for (int u = 0; u < USERS; u++) {
            User user = signup(u % INSTANCES);
            for (int i = 0; i < INSTANCES; i++) {
                outcome.served().set(i, 0);
                outcome.refusedBy().set(i, 0);
            }
            AtomicBoolean stop = new AtomicBoolean();
            long[] answeredAt = {Long.MAX_VALUE};
            List<Thread> threads = new ArrayList<>();
            for (int instance = 0; instance < INSTANCES; instance++) {
                int target = instance;
                threads.add(Thread.ofPlatform().start(() -> hammer(user, target, stop, answeredAt, outcome)));
            }
            // every instance has served the token before it is ended
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> allAtLeastOne(outcome.served()));
            ending.end(user, (u + 1) % INSTANCES);
            synchronized (answeredAt) {
                answeredAt[0] = System.nanoTime();
            }
            // and every instance has answered requests sent after the ending answered
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> allAtLeastOne(outcome.refusedBy()));
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            // and once more on every instance, well after
            for (int instance = 0; instance < INSTANCES; instance++) {
                assertEquals(401, send(instance, "GET", "/api/userAuth/me", user.token, null).statusCode());
            }
        }
        System.out.printf("[session-end] %s: %d users over %d instances; requests sent after the answer: %d refused, %d accepted%n",
                what, USERS, INSTANCES, outcome.refusedAfter.get(), outcome.violations.get());
        assertTrue(outcome.refusedAfter.get() >= USERS, "requests were sent after each ending answered");
        return outcome;
    }

    private static void hammer(User user, int instance, AtomicBoolean stop, long[] answeredAt, Outcome outcome) {
        while (!stop.get()) {
            long sent = System.nanoTime();
            long answered;
            synchronized (answeredAt) {
                answered = answeredAt[0];
            }
            try {
                int status = send(instance, "GET", "/api/userAuth/me", user.token, null).statusCode();
                if (status == 200) {
                    outcome.served().incrementAndGet(instance);
                }
                if (sent > answered && status == 200) {
                    outcome.violations.incrementAndGet();
                } else if (sent > answered && status == 401) {
                    outcome.refusedAfter.incrementAndGet();
                    outcome.refusedBy().incrementAndGet(instance);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static User signup(int instance) throws Exception {
        String password = "pw-" + UUID.randomUUID();
        SECRETS.add(password);
        HttpResponse<String> answer = send(instance, "POST", "/api/userAuth/signup", null,
                "{\"email\":\"it-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + password + "\"}");
        assertEquals(201, answer.statusCode(), answer.body());
        JsonNode session = JSON.readTree(answer.body());
        SECRETS.add(session.get("token").asText());
        SECRETS.add(session.get("refresh_token").asText());
        return new User(session.at("/user/id").asText(), session.get("token").asText());
    }

    private static HttpResponse<String> send(int instance, String method, String path, String userToken, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.urls().get(instance) + path))
                .header("x-api-key", publishableKey).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (userToken != null) {
            request.header("Authorization", "Bearer " + userToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String users() {
        return "/api/v1/applications/" + appId + "/users/";
    }
}
