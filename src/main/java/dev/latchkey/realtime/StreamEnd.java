package dev.latchkey.realtime;

import dev.latchkey.verification.AdmissionStatus;

/**
 * Why a stream ends: its last event, {@code event: end}, carries the contract's error body with
 * this code and message, so a client tells "reconnect" ({@code unavailable}) from "stop"
 * (a revoked key, an ended session).
 */
public record StreamEnd(String error, String message) {

    static final StreamEnd INTERRUPTED = new StreamEnd("unavailable",
            "This instance lost the event feed and may have missed events: reconnect with Last-Event-ID");
    static final StreamEnd STOPPING = new StreamEnd("unavailable", "This instance is stopping: reconnect with Last-Event-ID");
    static final StreamEnd SLOW_CONSUMER = new StreamEnd("slow_consumer",
            "The client read events more slowly than they came, and the stream's buffer filled: reconnect with Last-Event-ID");
    static final StreamEnd SESSION_ENDED = new StreamEnd("invalid_token", "The session of this user token has ended");
    static final StreamEnd TOKEN_EXPIRED = new StreamEnd("invalid_token",
            "The user token has expired: reconnect with a fresh one and Last-Event-ID");
    static final StreamEnd UNVERIFIABLE = new StreamEnd("unavailable",
            "The stream's credentials could not be checked again: reconnect with Last-Event-ID");

    /** Whether the client should reconnect (with Last-Event-ID): the stream's credentials still hold. */
    boolean resumable() {
        return "unavailable".equals(error) || "slow_consumer".equals(error);
    }

    static StreamEnd of(AdmissionStatus refusal) {
        return new StreamEnd(refusal.error(), refusal.message());
    }
}
