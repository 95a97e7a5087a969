package dev.latchkey.realtime;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import dev.latchkey.http.ApiException;

/**
 * Topics and MQTT-style filters (CONTRACT section 17): at most 8 levels of {@code [A-Za-z0-9_-]},
 * 256 characters; in a filter {@code +} stands for one level and a last {@code #} for the rest
 * (none included, so {@code rooms/#} also matches {@code rooms}). Rule patterns may also name
 * {@code {user_id}} as a level, which the caller's end-user id replaces.
 */
public final class Topics {

    static final int MAX_LEVELS = 8;
    static final int MAX_LENGTH = 256;
    static final String ONE_LEVEL = "+";
    static final String THE_REST = "#";
    static final String USER_ID = "{user_id}";
    private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_-]+");

    private Topics() {
    }

    /** A topic to publish to, as levels; 400 when it is not one. */
    public static List<String> topic(String value, String field) {
        return levels(value, field, false, false);
    }

    /** A subscription filter, as levels; 400 when it is not one. */
    public static List<String> filter(String value, String field) {
        return levels(value, field, true, false);
    }

    /** A rule's pattern, as levels; 400 when it is not one. */
    static List<String> pattern(String value, String field) {
        return levels(value, field, true, true);
    }

    /** Whether every topic {@code filter} matches is one {@code pattern} matches; a topic is the filter of itself. */
    static boolean covers(List<String> pattern, List<String> filter) {
        for (int i = 0; ; i++) {
            if (i < pattern.size() && THE_REST.equals(pattern.get(i))) {
                return true;
            }
            if (i == filter.size() || i == pattern.size()) {
                return i == filter.size() && i == pattern.size();
            }
            String wanted = pattern.get(i);
            String given = filter.get(i);
            if (THE_REST.equals(given) || (ONE_LEVEL.equals(given) && !ONE_LEVEL.equals(wanted))) {
                return false; // the filter reaches topics this level of the pattern does not
            }
            if (!ONE_LEVEL.equals(wanted) && !wanted.equals(given)) {
                return false;
            }
        }
    }

    private static List<String> levels(String value, String field, boolean wildcards, boolean userId) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw invalid(field, value, "1 to " + MAX_LENGTH + " characters");
        }
        List<String> levels = Arrays.asList(value.split("/", -1));
        if (levels.size() > MAX_LEVELS) {
            throw invalid(field, value, "at most " + MAX_LEVELS + " levels");
        }
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            boolean wildcard = wildcards && (ONE_LEVEL.equals(level) || (THE_REST.equals(level) && i == levels.size() - 1));
            if (!wildcard && !(userId && USER_ID.equals(level)) && !LEVEL.matcher(level).matches()) {
                throw invalid(field, value, wildcards
                        ? "levels of A-Z, a-z, 0-9, _ and -, separated by /; + for one level, a last # for the rest"
                        : "levels of A-Z, a-z, 0-9, _ and -, separated by / (no wildcard)");
            }
        }
        return List.copyOf(levels);
    }

    private static ApiException invalid(String field, String value, String rule) {
        String shown = value == null ? "" : value.substring(0, Math.min(value.length(), 60));
        return ApiException.invalidRequest(field + ": '" + shown + "' is not valid: " + rule);
    }
}
