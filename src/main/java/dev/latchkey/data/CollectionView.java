package dev.latchkey.data;

import java.util.List;

import dev.latchkey.key.Environment;

/** A collection's settings as answered, with the environments they now hold in. */
public record CollectionView(String name, List<Environment> environments, boolean rlsEnabled, ReadAccess readAccess) {
}
