package dev.latchkey.data;

import dev.latchkey.key.Environment;

/**
 * The body of {@code PUT .../collections/{name}}: both settings are required, so a PUT never
 * loosens a setting by leaving it out. {@code environment} (optional, an extension) limits an
 * admin's change to one environment; a secret key always changes its own.
 */
public record CollectionSettings(Boolean rlsEnabled, ReadAccess readAccess, Environment environment) {
}
