package dev.scribe.repository;

import dev.scribe.core.UsageException;

/** One sort key of a {@link Query}: {@code -createdAt} is {@code new Sort("createdAt", false)}. */
public record Sort(String attribute, boolean ascending) {
  public Sort {
    if (attribute == null) {
      throw new UsageException("a sort key got a null attribute; name the attribute to sort by, e.g. orderBy(\"dueDate\", true)");
    }
  }
}
