package dev.scribe.controller.internal.view;

import dev.scribe.controller.FieldPolicy;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies the {@link FieldPolicy} options of a call: who may send a field, who may read it. */
public final class FieldPolicies {
  private FieldPolicies() {}

  /**
   * A 403 naming every field of {@code body} (an object or a batch of objects) the caller may not write. A field
   * hidden from the caller is not named: a 403 would tell that it exists, so it is left to the check of the keys a
   * client may not set ({@code ClientRecords}, given {@link #unwritable}), which refuses it as a field that does not.
   */
  public static void checkWrites(Options options, EventArgs args, Object body) {
    Object policy = options.get(FieldPolicy.WRITE_ROLES);
    if (!(policy instanceof Map) || ((Map<?, ?>) policy).isEmpty() || body == null) {
      return;
    }
    User user = User.from(args);
    Set<String> hidden = new LinkedHashSet<>(FieldVisibility.names(options.get(FieldVisibility.OPTION), args.path()));
    hidden.addAll(unreadable(options, user));
    Map<String, List<String>> refused = new LinkedHashMap<>();
    if (body instanceof Map) {
      refuse((Map<?, ?>) body, (Map<?, ?>) policy, user, hidden, refused);
    } else if (body instanceof List) {
      for (Object record : (List<?>) body) {
        if (record instanceof Map) {
          refuse((Map<?, ?>) record, (Map<?, ?>) policy, user, hidden, refused);
        }
      }
    }
    if (refused.isEmpty()) {
      return;
    }
    Veto.Builder veto = Veto.builder().status(403).message((user == null ? "an anonymous caller" : user.name())
        + " may not set " + String.join(", ", refused.keySet()) + " on " + args.path()
        + "; leave " + (refused.size() == 1 ? "it" : "them") + " out of the body");
    refused.forEach((field, messages) -> messages.forEach(message -> veto.field(field, message)));
    throw veto.build();
  }

  /** The fields {@code options}' write policy keeps {@code user} from setting; empty without a policy. */
  public static Set<String> unwritable(Options options, Object user) {
    return lacking(options.get(FieldPolicy.WRITE_ROLES), user);
  }

  /** The fields {@code options}' read policy hides from {@code user}; empty without a policy. */
  public static Set<String> unreadable(Options options, Object user) {
    return lacking(options.get(FieldPolicy.READ_ROLES), user);
  }

  /** The fields of {@code policy} (field to role or roles) for which {@code user} has none of the roles. */
  private static Set<String> lacking(Object policy, Object user) {
    if (!(policy instanceof Map) || ((Map<?, ?>) policy).isEmpty()) {
      return Set.of();
    }
    Set<String> fields = new LinkedHashSet<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) policy).entrySet()) {
      if (!(user instanceof User) || !((User) user).hasAnyRole(roles(entry.getValue()))) {
        fields.add(String.valueOf(entry.getKey()));
      }
    }
    return fields;
  }

  private static void refuse(Map<?, ?> record, Map<?, ?> policy, User user, Set<String> hidden,
      Map<String, List<String>> refused) {
    for (Object key : record.keySet()) {
      Object needed = policy.get(key);
      if (needed == null || refused.containsKey(String.valueOf(key)) || hidden.contains(String.valueOf(key))) {
        continue;
      }
      List<String> roles = roles(needed);
      if (user == null || !user.hasAnyRole(roles)) {
        refused.put(String.valueOf(key), List.of("needs the role " + (roles.size() == 1 ? roles.get(0) : "one of " + roles)));
      }
    }
  }

  /** The roles an option names: one, or a list of which any will do. */
  public static List<String> roles(Object option) {
    List<String> roles = new ArrayList<>();
    if (option instanceof Iterable) {
      for (Object role : (Iterable<?>) option) {
        roles.add(String.valueOf(role));
      }
    } else {
      roles.add(String.valueOf(option));
    }
    return roles;
  }
}
