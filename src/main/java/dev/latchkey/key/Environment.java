package dev.latchkey.key;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The data partition a key belongs to: a test key never sees live data. */
public enum Environment {
    LIVE("live"),
    TEST("test");

    private final String wire;

    Environment(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses the wire name; unknown names are a client error. */
    @JsonCreator
    public static Environment fromWire(String value) {
        for (Environment environment : values()) {
            if (environment.wire.equals(value)) {
                return environment;
            }
        }
        throw new IllegalArgumentException("environment must be live or test");
    }
}
