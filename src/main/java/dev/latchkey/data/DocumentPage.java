package dev.latchkey.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A page of documents; {@code data} is JSON already rendered, {@code next} the cursor for
 * {@code after}; {@code count} and {@code count_estimated} only when {@code count=true} asked.
 */
public record DocumentPage(boolean success, @JsonRawValue String data, String next,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long count,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean countEstimated) {

    static DocumentPage of(DocumentQueries.Result result) {
        return new DocumentPage(true, result.data(), result.next(),
                result.count(), result.countEstimated());
    }
}
