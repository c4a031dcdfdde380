package dev.scribe.core;

/** The old and new value of one field of an update, as carried by the {@code changes} args key. */
public record Change(Object oldValue, Object newValue) {}
