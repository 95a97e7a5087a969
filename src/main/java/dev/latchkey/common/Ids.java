package dev.latchkey.common;

import java.util.UUID;

import dev.latchkey.http.ApiException;

/** Object ids from paths: a malformed id names nothing, so it is a 404 like an unknown one. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String value, String what) {
        try {
            return value != null && value.length() == 36 ? UUID.fromString(value) : fail(what);
        } catch (IllegalArgumentException e) {
            return fail(what);
        }
    }

    private static UUID fail(String what) {
        throw ApiException.notFound(what);
    }
}
