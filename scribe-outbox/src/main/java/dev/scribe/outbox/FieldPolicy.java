package dev.scribe.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which fields of each aggregate the change feed leaves out of the old and new values: the fields the
 * application's REST resources hide from readers.
 *
 * <pre>{@code
 * FieldPolicy policy = FieldPolicy.builder().hide("Person", "passwordHash", "email").build();
 * }</pre>
 */
public final class FieldPolicy {
  private static final FieldPolicy NONE = new FieldPolicy(Map.of());

  private final Map<String, Set<String>> hidden;

  private FieldPolicy(Map<String, Set<String>> hidden) {
    this.hidden = hidden;
  }

  /** Every field visible. */
  public static FieldPolicy none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The fields hidden for {@code aggregateType}. */
  public Set<String> hidden(String aggregateType) {
    return hidden.getOrDefault(aggregateType, Set.of());
  }

  ChangeMessage apply(ChangeMessage message) {
    return message.without(hidden(message.aggregateType()));
  }

  /** Collects the hidden fields per aggregate type. */
  public static final class Builder {
    private final Map<String, Set<String>> hidden = new HashMap<>();

    private Builder() {}

    /** Hides {@code fields} of the entity named {@code aggregateType} (the JPA entity name, e.g. {@code Task}). */
    public Builder hide(String aggregateType, String... fields) {
      hidden.merge(aggregateType, Set.of(fields), (a, b) -> {
        java.util.Set<String> union = new java.util.HashSet<>(a);
        union.addAll(b);
        return Set.copyOf(union);
      });
      return this;
    }

    public FieldPolicy build() {
      return new FieldPolicy(Map.copyOf(hidden));
    }
  }
}
