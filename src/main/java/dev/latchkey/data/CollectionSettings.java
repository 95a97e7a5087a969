package dev.latchkey.data;

import java.util.List;

import dev.latchkey.key.Environment;

/**
 * The body of {@code PUT .../collections/{name}}: both access settings are required, so a PUT never
 * loosens a setting by leaving it out. {@code indexes} (CONTRACT section 16) replaces the declared
 * indexes when given and keeps them when left out. {@code environment} (optional, an extension)
 * limits an admin's change to one environment; a secret key always changes its own.
 */
public record CollectionSettings(Boolean rlsEnabled, ReadAccess readAccess, List<List<String>> indexes, Environment environment) {
}
