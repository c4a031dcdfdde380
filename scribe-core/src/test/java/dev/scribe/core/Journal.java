package dev.scribe.core;

import java.util.ArrayList;
import java.util.List;

/** What ran, in order: the handlers of a test write their label here. */
final class Journal {
  private final List<String> entries = new ArrayList<>();

  void add(String entry) {
    entries.add(entry);
  }

  /** A handler that writes {@code label}. */
  EventHandler record(String label) {
    return args -> add(label);
  }

  List<String> entries() {
    return List.copyOf(entries);
  }
}
