package dev.latchkey.realtime;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One entry of an application's {@code realtime_rules} (CONTRACT section 17): who may publish to
 * and subscribe to the topics {@code pattern} covers.
 */
@RegisterForReflection
public record TopicRule(
        @NotNull @jakarta.validation.constraints.Size(max = Topics.MAX_LENGTH) String pattern,
        @NotNull @Pattern(regexp = ACCESS, message = ACCESS_MESSAGE) String publish,
        @NotNull @Pattern(regexp = ACCESS, message = ACCESS_MESSAGE) String subscribe) {

    static final String ACCESS = "^(none|user|public)$";
    static final String ACCESS_MESSAGE = "must be none, user or public";
    static final String NONE = "none";
    static final String USER = "user";
}
