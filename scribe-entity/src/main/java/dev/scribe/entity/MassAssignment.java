package dev.scribe.entity;

import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mass-assignment rule of the entity tier: which keys of params may be set on an entity. The binder and
 * the params check of {@code internal} apply it through {@link EntityModel#refusals(Map, boolean, Set)}.
 */
final class MassAssignment {
  private MassAssignment() {}

  /** See {@link EntityModel#refusals(Map, boolean, Set, Set)}. */
  static Veto refusals(EntityModel<?> model, Map<String, ?> params, boolean rejectUnknown, Set<String> callerKeys,
      Set<String> unlisted) {
    Veto.Builder veto = null;
    List<String> refused = null;
    for (String key : params.keySet()) {
      EntityAttribute attribute = model.attributeOrNull(key);
      String reason;
      if (attribute == null) {
        if (!rejectUnknown) {
          continue;
        }
        reason = "is not an attribute of " + model.displayName();
      } else {
        reason = attribute.refusal();
        if (reason == null || (callerKeys != null && attribute.guarded() && !callerKeys.contains(key))) {
          continue;
        }
      }
      if (veto == null) {
        veto = Veto.builder().status(400);
        refused = new ArrayList<>();
      }
      refused.add(key);
      if (refused.size() <= MAX_NAMED) {
        veto.field(shown(key), reason);
      }
    }
    if (veto == null) {
      return null;
    }
    List<String> settable = model.settableNames();
    if (!unlisted.isEmpty()) {
      settable = settable.stream().filter(name -> !unlisted.contains(name)).toList();
    }
    List<String> named = refused.stream().limit(MAX_NAMED).map(MassAssignment::shown).toList();
    return veto.message("cannot set " + String.join(", ", named) + (refused.size() > MAX_NAMED ? " and "
        + (refused.size() - MAX_NAMED) + " more" : "") + " on " + model.displayName()
        + "; settable fields: " + String.join(", ", settable)).build();
  }

  /**
   * A refusal names at most this many keys, each cut to {@link #MAX_KEY_SHOWN} characters: a body of twenty
   * thousand unknown keys is not echoed back whole.
   */
  static final int MAX_NAMED = 20;
  private static final int MAX_KEY_SHOWN = 100;

  /** The key as a refusal names it: cut when long, quoted when blank (the key {@code ""} would name nothing). */
  static String shown(String key) {
    if (key.isBlank()) {
      return '"' + key + '"';
    }
    return key.length() <= MAX_KEY_SHOWN ? key : key.substring(0, MAX_KEY_SHOWN) + "...";
  }
}
