package dev.scribe.core;

/** An owner (a repository, say) whose own preCreate and postCreate methods write to a journal. */
class RecordingOwner {
  final Journal journal;

  RecordingOwner(Journal journal) {
    this.journal = journal;
  }

  void preCreate(EventArgs args) {
    journal.add("own.preCreate");
  }

  void postCreate(EventArgs args) {
    journal.add("own.postCreate");
  }
}
