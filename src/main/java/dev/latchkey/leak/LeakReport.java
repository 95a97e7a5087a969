package dev.latchkey.leak;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/keys/leaked}: the keys seen (1..100) and, optionally, where. */
public record LeakReport(
        @NotEmpty @Size(max = 100) List<@NotNull @Size(max = 200) String> keys,
        @Size(max = 2048) String url) {
}
