package dev.scribe.controller;

/** Where a custom action is served: on the collection ({@code POST /tasks/find}) or on each record ({@code POST /tasks/{id}/complete}). */
public enum ActionScope {
  /** {@code POST /tasks/<name>}: the action is about the resource as a whole. */
  COLLECTION,
  /** {@code POST /tasks/{id}/<name>}: the action is about one record, loaded (404 when missing) before it runs. */
  ITEM
}
