package dev.latchkey.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code {success: true, data: {...}}}, or {@code {success: true}} after a delete; data is rendered JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record DocumentAnswer(boolean success, @JsonRawValue String data) {

    static DocumentAnswer of(Document document) {
        return new DocumentAnswer(true, DocumentJson.render(document));
    }

    static DocumentAnswer deleted() {
        return new DocumentAnswer(true, null);
    }
}
