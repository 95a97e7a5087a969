package dev.latchkey.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who a publishable key may read a collection's documents for: anyone, or only their owner. */
public enum ReadAccess {
    PUBLIC("public"),
    OWNER("owner");

    private final String wire;

    ReadAccess(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ReadAccess fromWire(String value) {
        for (ReadAccess access : values()) {
            if (access.wire.equals(value)) {
                return access;
            }
        }
        throw new IllegalArgumentException("read_access must be public or owner");
    }
}
