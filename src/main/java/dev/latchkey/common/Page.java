package dev.latchkey.common;

import java.util.List;

/** A page of a listing: {@code next} is the opaque cursor to pass as {@code after}, null on the last page. */
public record Page<T>(List<T> data, String next) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The requested page size, defaulted and bounded as the contract says. */
    public static int limit(String requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(requested);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below like any other out-of-range value
        }
        throw ApiException.invalidRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
