package dev.latchkey.enduser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The webhook events about end users (CONTRACT section 13): the user's id and e-mail, never a secret. */
@ApplicationScoped
public class UserEvents {

    @Inject
    Outbox outbox;

    void created(String tenantId, EndUser user) {
        outbox.userEvent(EventType.USER_CREATED, tenantId, user.applicationId, user.environment, Map.of("user", summary(user)));
    }

    public void updated(String tenantId, EndUser user, List<String> changes) {
        outbox.userEvent(EventType.USER_UPDATED, tenantId, user.applicationId, user.environment,
                Map.of("user", summary(user), "changes", changes));
    }

    public void deleted(String tenantId, EndUser user, boolean withDocuments) {
        outbox.userEvent(EventType.USER_DELETED, tenantId, user.applicationId, user.environment,
                Map.of("user", summary(user), "documents", withDocuments ? "deleted" : "kept"));
    }

    private static Map<String, Object> summary(EndUser user) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", user.id);
        summary.put("email", user.email);
        summary.put("email_verified", user.emailVerified);
        summary.put("disabled", user.disabled);
        return summary;
    }
}
