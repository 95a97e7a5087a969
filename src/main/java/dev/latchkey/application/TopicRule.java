package dev.latchkey.application;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.http.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;

/**
 * One entry of an application's {@code realtime_rules} (CONTRACT section 17): who may publish to
 * and subscribe to the topics {@code pattern} covers. Realtime ({@code realtime/TopicRules}) judges
 * them; the application only keeps them, checked and stored as JSON.
 */
@RegisterForReflection
public record TopicRule(
        @NotNull String pattern,
        @NotNull @jakarta.validation.constraints.Pattern(regexp = ACCESS, message = ACCESS_MESSAGE) String publish,
        @NotNull @jakarta.validation.constraints.Pattern(regexp = ACCESS, message = ACCESS_MESSAGE) String subscribe) {

    static final String ACCESS = "^(none|user|public)$";
    static final String ACCESS_MESSAGE = "must be none, user or public";
    public static final String NONE = "none";
    public static final String USER = "user";
    private static final String LEVEL = "(?:[A-Za-z0-9_-]+|\\+|\\{user_id\\})";
    /** Up to 8 levels, 256 characters: names, {@code +}, {@code {user_id}}, and a last {@code #}. */
    private static final Pattern PATTERN = Pattern.compile("^(?=.{1,256}$)(?:" + LEVEL + "(?:/" + LEVEL + "){0,7}|(?:" + LEVEL + "/){0,7}#)$");
    private static final TypeReference<List<TopicRule>> LIST = new TypeReference<>() {
    };
    /** Plain Jackson: the rules' field names are single words. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rules an admin wrote, each pattern checked; 400 naming the first that is not one. */
    static List<TopicRule> validated(List<TopicRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            String pattern = rules.get(i).pattern();
            if (!PATTERN.matcher(pattern).matches()) {
                throw ApiException.invalidRequest("realtime_rules[" + i + "].pattern: '" + pattern.substring(0, Math.min(60, pattern.length()))
                        + "' is not valid: at most 8 levels of A-Z, a-z, 0-9, _ and - separated by /, 256 characters;"
                        + " + for one level, {user_id} for the caller's id, a last # for the rest");
            }
        }
        return List.copyOf(rules);
    }

    public static List<TopicRule> parse(String stored) {
        try {
            return stored == null ? List.of() : List.copyOf(JSON.readValue(stored, LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("realtime_rules as stored do not parse", e);
        }
    }

    static String render(List<TopicRule> rules) {
        try {
            return JSON.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
