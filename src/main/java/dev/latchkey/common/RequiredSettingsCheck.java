package dev.latchkey.common;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Injects {@link RequiredSettings} at start-up: Quarkus reads (and so checks) only mappings that something injects. */
@Startup
@ApplicationScoped
class RequiredSettingsCheck {

    RequiredSettingsCheck(RequiredSettings settings) {
    }
}
