package dev.latchkey.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.latchkey.application.TopicRule;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.KeyType;
import dev.latchkey.verification.cache.LocalKeyCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * An application's {@code realtime_rules}, read from memory beside its key checks (dropped with
 * them when the application changes, on every instance before the change is answered), and what
 * they allow. The first rule whose pattern covers the whole topic or filter decides, as in an
 * ACL; none covering it refuses. Secret keys are not held to the rules. A subscription is judged
 * when it opens (its filter as a whole) and again for each message it would receive.
 */
@ApplicationScoped
public class TopicRules {

    private static final String FACT = "realtime_rules";

    @Inject
    LocalKeyCache cache;

    @Inject
    EntityManager entityManager;

    private enum Decision { ALLOWED, USER_TOKEN_NEEDED, REFUSED }

    /** What a publish ({@code publish} true) or a subscription may do; throws 403, or 401 where a user token is missing. */
    public void require(VerifiedKey key, UUID user, List<String> topicOrFilter, boolean publish) {
        switch (decide(key, user, topicOrFilter, publish)) {
            case ALLOWED -> { }
            case USER_TOKEN_NEEDED -> throw new ApiException(401, "invalid_token",
                    "A user token is required for this topic: send it as Authorization: Bearer <token> with the key in x-api-key", null);
            case REFUSED -> throw ApiException.forbidden(null, "No realtime rule of this application lets a publishable key "
                    + (publish ? "publish to " : "subscribe to ") + String.join("/", topicOrFilter));
        }
    }

    /**
     * Whether a subscriber may receive a message on {@code topic}, judged on the message's own
     * topic at delivery: a filter the rules allowed (say {@code rooms/+}) may also match topics an
     * earlier rule refuses ({@code rooms/admin}), and rules may have changed since it subscribed.
     */
    boolean delivers(VerifiedKey key, UUID user, List<String> topic) {
        return decide(key, user, topic, false) == Decision.ALLOWED;
    }

    private Decision decide(VerifiedKey key, UUID user, List<String> topicOrFilter, boolean publish) {
        if (key.type() == KeyType.SECRET) {
            return Decision.ALLOWED; // its endpoint already required data:write or data:read
        }
        for (TopicRule rule : of(key.applicationId())) {
            List<String> pattern = withUser(Topics.pattern(rule.pattern(), "pattern"), user);
            if (pattern == null || !Topics.covers(pattern, topicOrFilter)) {
                continue;
            }
            String access = publish ? rule.publish() : rule.subscribe();
            if (TopicRule.NONE.equals(access)) {
                return Decision.REFUSED;
            }
            return TopicRule.USER.equals(access) && user == null ? Decision.USER_TOKEN_NEEDED : Decision.ALLOWED;
        }
        return Decision.REFUSED;
    }

    /** Rules as stored; validated when written, so every pattern parses. */
    List<TopicRule> of(UUID applicationId) {
        @SuppressWarnings("unchecked")
        List<TopicRule> cached = cache.applicationFact(applicationId, FACT, List.class);
        if (cached != null) {
            return cached;
        }
        long epoch = cache.epoch();
        List<?> rows = entityManager.createNativeQuery("select realtime_rules::text from application where id = ?1")
                .setParameter(1, applicationId).getResultList();
        List<TopicRule> read = rows.isEmpty() ? List.of() : TopicRule.parse((String) rows.getFirst());
        cache.putApplicationFact(applicationId, FACT, read, epoch);
        return read;
    }

    /** The pattern with {@code {user_id}} replaced; null when it names the user and there is none. */
    private static List<String> withUser(List<String> pattern, UUID user) {
        if (!pattern.contains(Topics.USER_ID)) {
            return pattern;
        }
        if (user == null) {
            return null;
        }
        List<String> replaced = new ArrayList<>(pattern);
        replaced.replaceAll(level -> Topics.USER_ID.equals(level) ? user.toString() : level);
        return replaced;
    }
}
