package dev.latchkey.key;

import com.fasterxml.jackson.annotation.JsonValue;

/** Publishable keys are safe in browsers; secret keys stay on servers and are stored only hashed. */
public enum KeyType {
    PUBLISHABLE("pk"),
    SECRET("sk");

    private final String prefix;

    KeyType(String prefix) {
        this.prefix = prefix;
    }

    /** The key's leading type tag, also its wire name: {@code pk} or {@code sk}. */
    @JsonValue
    public String prefix() {
        return prefix;
    }
}
