package dev.scribe.core;

/** A subscriber whose convention-named methods write {@code label.event} to a journal. */
final class RecordingHandler {
  private final String label;
  private final Journal journal;

  RecordingHandler(String label, Journal journal) {
    this.label = label;
    this.journal = journal;
  }

  void preCreate(EventArgs args) {
    journal.add(label + ".preCreate");
  }

  void postCreate(EventArgs args) {
    journal.add(label + ".postCreate");
  }
}
