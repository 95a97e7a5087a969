package dev.latchkey.data;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** A page of documents; {@code data} is JSON already rendered, {@code next} the cursor for {@code after}. */
public record DocumentPage(boolean success, @JsonRawValue String data, String next) {
}
