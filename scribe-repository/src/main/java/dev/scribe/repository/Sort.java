package dev.scribe.repository;

import java.util.Objects;

/** One sort key of a {@link Query}: {@code -createdAt} is {@code new Sort("createdAt", false)}. */
public record Sort(String attribute, boolean ascending) {
  public Sort {
    Objects.requireNonNull(attribute, "attribute");
  }
}
