package dev.latchkey.data;

import dev.latchkey.common.Page;
import dev.latchkey.http.ApiException;

/** The query parameters of a listing (CONTRACT sections 6 and 16), as given; each part checks itself where it is compiled. */
public record ListingRequest(String where, String sort, String fields, boolean count, int limit, String after) {

    static ListingRequest of(String where, String sort, String fields, String count, String limit, String after) {
        return new ListingRequest(where, sort, fields, flag(count), Page.limit(limit), after);
    }

    private static boolean flag(String count) {
        if (count == null || count.equals("false")) {
            return false;
        }
        if (count.equals("true")) {
            return true;
        }
        throw ApiException.invalidRequest("count: true or false");
    }
}
