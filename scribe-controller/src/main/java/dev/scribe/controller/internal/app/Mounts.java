package dev.scribe.controller.internal.app;

import dev.scribe.controller.Controller;
import dev.scribe.controller.http.Mount;
import dev.scribe.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The mounts {@link RestApplication.Builder} makes: resource names checked, prefixed and nested patterns. */
public final class Mounts {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]+");

  private Mounts() {}

  /** The pattern of {@code name} under {@code prefix} ({@code admin/tasks}, context paths {@code admin.tasks.*}). */
  public static List<String> prefixed(String prefix, String name) {
    List<String> pattern = new ArrayList<>();
    for (String segment : prefix.split("[./]")) {
      if (!segment.isEmpty()) {
        pattern.add(name(segment));
      }
    }
    pattern.add(name(name));
    return List.copyOf(pattern);
  }

  /** {@code child} under each record of {@code parent} (itself not nested), by its to-one {@code parentAttribute}. */
  public static Mount nested(Mount parent, String name, Controller<?, ?> child, String parentAttribute) {
    String parentPath = parent.resource();
    var attribute = child.repository().model().find(parentAttribute);
    if (attribute.isEmpty() || attribute.get().kind() != dev.scribe.entity.AttributeKind.TO_ONE) {
      throw new ConfigurationException("cannot nest '" + name + "' under '" + parentPath + "': "
          + child.repository().model().displayName() + " has no to-one attribute '" + parentAttribute
          + "' pointing at its parent");
    }
    if (!attribute.get().targetType().isAssignableFrom(ControllerEndpoint.controller(parent.endpoint()).repository().model().type())) {
      throw new ConfigurationException("cannot nest '" + name + "' under '" + parentPath + "': "
          + child.repository().model().displayName() + "." + parentAttribute + " points at "
          + attribute.get().targetType().getSimpleName() + ", but '" + parentPath + "' serves "
          + ControllerEndpoint.controller(parent.endpoint()).repository().model().type().getSimpleName());
    }
    List<String> pattern = new ArrayList<>(parent.pattern());
    pattern.add(null);
    pattern.add(name(name));
    return new Mount(parentPath + "." + name, pattern, new ControllerEndpoint(child), parent, parentAttribute);
  }

  public static String name(String segment) {
    if (segment == null || !NAME.matcher(segment).matches() || segment.equals("count")) {
      throw new ConfigurationException("'" + segment + "' cannot be a resource name; use letters, digits, '_'"
          + " or '-' (and not 'count', which is the count route)");
    }
    return segment;
  }
}
