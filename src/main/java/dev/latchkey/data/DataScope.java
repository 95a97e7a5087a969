package dev.latchkey.data;

import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;

/**
 * One collection of one application in one environment: every document query is bounded by all
 * three, which is what keeps test keys out of live data.
 */
public record DataScope(UUID applicationId, Environment environment, String collection) {

    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    /** End users are served by /api/userAuth/*; no collection may shadow them (CONTRACT: /api/data/users*). */
    static final String RESERVED_PREFIX = "users";

    public static DataScope of(UUID applicationId, Environment environment, String collection) {
        return new DataScope(applicationId, environment, validName(collection));
    }

    static String validName(String name) {
        if (name != null && name.startsWith(RESERVED_PREFIX)) {
            throw useUserAuth();
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.invalidRequest("collection names are 1 to 63 characters: a lower-case letter, "
                    + "then lower-case letters, digits or _");
        }
        return name;
    }

    static ApiException useUserAuth() {
        return new ApiException(403, "use_user_auth",
                "End users are not a data collection: use /api/userAuth/signup, /login and /me", null);
    }
}
