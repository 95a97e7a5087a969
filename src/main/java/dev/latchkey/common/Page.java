package dev.latchkey.common;

import java.util.List;
import java.util.function.Function;

import dev.latchkey.http.ApiException;

/** A page of a listing: {@code next} is the opaque cursor to pass as {@code after}, null on the last page. */
public record Page<T>(List<T> data, String next) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** How many rows to read for a page of {@code limit}: one more, which only tells whether a next page exists. */
    public static int lookahead(int limit) {
        return limit + 1;
    }

    /**
     * The page of rows read with {@link #lookahead}: at most {@code limit} of them, and the cursor
     * of the last one shown when more follow.
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursor) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> shown = rows.subList(0, limit);
        return new Page<>(shown, cursor.apply(shown.getLast()));
    }

    /** The same page with each row shown as {@code view} shows it. */
    public <V> Page<V> map(Function<List<T>, List<V>> view) {
        return new Page<>(view.apply(data), next);
    }

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
