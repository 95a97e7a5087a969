package dev.latchkey.common;

import java.util.List;

/** A page of a listing: {@code next} is the opaque cursor to pass as {@code after}, null on the last page. */
public record Page<T>(List<T> data, String next) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The requested page size, defaulted and bounded as the contract says. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ApiException.invalidRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
