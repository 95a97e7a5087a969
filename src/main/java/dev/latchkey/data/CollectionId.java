package dev.latchkey.data;

import java.io.Serializable;
import java.util.UUID;

import dev.latchkey.key.Environment;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** A collection's key: its name within an application and environment. */
@Embeddable
public record CollectionId(
        @Column(name = "application_id") UUID applicationId,
        @Enumerated(EnumType.STRING) Environment environment,
        String name) implements Serializable {

    static CollectionId of(DataScope scope) {
        return new CollectionId(scope.applicationId(), scope.environment(), scope.collection());
    }
}
