package dev.latchkey.data.index;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.key.Environment;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A declared index as collection settings answer it: its fields, environment and state
 * ({@code building}, {@code ready}, {@code failed} with PostgreSQL's reason).
 */
@RegisterForReflection
public record IndexView(List<String> fields, Environment environment, String state,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
}
