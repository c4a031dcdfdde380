package dev.scribe.repository;

/** The state of a {@link Task}. */
public enum Status {
  OPEN, DONE
}
