package dev.latchkey.data;

import java.util.List;

import dev.latchkey.data.index.IndexView;
import dev.latchkey.key.Environment;

/** A collection's settings as answered, with the environments they now hold in and the state of each declared index. */
public record CollectionView(String name, List<Environment> environments, boolean rlsEnabled, ReadAccess readAccess, List<IndexView> indexes) {
}
