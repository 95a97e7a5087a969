package dev.latchkey.outbox;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonValue;

/** The events a webhook can subscribe to (CONTRACT section 9). */
public enum EventType {
    KEY_CREATED("key.created"),
    KEY_UPDATED("key.updated"),
    KEY_ROTATED("key.rotated"),
    KEY_REVOKED("key.revoked"),
    KEY_LEAKED("key.leaked"),
    KEY_EXPIRING("key.expiring"),
    KEY_CREDITS_LOW("key.credits_low"),
    APPLICATION_UPDATED("application.updated"),
    USER_CREATED("user.created"),
    USER_UPDATED("user.updated"),
    USER_DELETED("user.deleted");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Every wire name, comma-separated, for error messages. */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(EventType::wire).toList());
    }

    /** The type of a wire name, or null when there is none. */
    public static EventType ofWire(String name) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(name)).findFirst().orElse(null);
    }
}
