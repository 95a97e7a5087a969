package dev.latchkey.mail;

import java.time.Duration;

/** What a mailed link is for, its wire name (the link's {@code type}) and how long it is valid (CONTRACT section 13). */
public enum MailPurpose {
    VERIFY("verify", Duration.ofHours(24)),
    RESET("reset", Duration.ofHours(1)),
    MAGIC_LINK("magic_link", Duration.ofMinutes(15));

    private final String wire;
    private final Duration lifetime;

    MailPurpose(String wire, Duration lifetime) {
        this.wire = wire;
        this.lifetime = lifetime;
    }

    public String wire() {
        return wire;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public static MailPurpose ofWire(String wire) {
        for (MailPurpose purpose : values()) {
            if (purpose.wire.equals(wire)) {
                return purpose;
            }
        }
        throw new IllegalArgumentException("Unknown mail purpose " + wire);
    }
}
