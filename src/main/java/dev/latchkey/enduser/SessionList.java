package dev.latchkey.enduser;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.latchkey.enduser.session.Sessions;

/** The answer to {@code GET /api/userAuth/sessions}: the user's live sessions, the caller's marked current. */
public record SessionList(List<Entry> data) {

    public record Entry(UUID id, Instant createdAt, Instant lastUsedAt, String ip, String userAgent, boolean current) {
    }

    static SessionList of(List<Sessions.Listed> sessions, UUID current) {
        return new SessionList(sessions.stream().map(s -> new Entry(s.id(), s.createdAt(), s.lastUsedAt(), s.ip(),
                s.userAgent(), s.id().equals(current))).toList());
    }
}
