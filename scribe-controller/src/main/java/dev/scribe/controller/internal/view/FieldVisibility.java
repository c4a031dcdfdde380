package dev.scribe.controller.internal.view;

import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Options;
import dev.scribe.entity.EntityModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which attributes a request may see: the one place every read route asks. A field hidden from a
 * resource on a context path is absent from every answer on that path — single records, pages, batch
 * results, records embedded with {@code with}, nested resources — and cannot be filtered, sorted,
 * counted by, asked for in {@code fields}, or named in a message that lists fields: a client that names
 * it gets exactly the answer an unknown field gets, so nothing can be inferred.
 *
 * <p>Declared once, as the controller option {@value #OPTION} (a list of attribute names, or one
 * comma-separated string), resolved per context path like every option, so a prefix mount can show
 * what the plain mount hides. Records of another entity embedded in an answer are shown as the
 * controllers serving that entity would show them on the same path: a field any of them hides there is
 * hidden.
 *
 * <pre>{@code
 * configure(Config.of(Map.of("hiddenFields", List.of("internalNotes")))
 *     .override("admin.**", Map.of("hiddenFields", List.of())));
 * }</pre>
 *
 * <p>Hiding is about reading: a hidden field that is settable may still be written. Immutable and
 * thread-safe.
 */
public final class FieldVisibility {
  /** The controller option naming the attributes hidden on a path. */
  static final String OPTION = ControllerOptions.HIDDEN_FIELDS.name();
  /** Knows no controller but the one asking: embedded records of other entities show every field. */
  public static final FieldVisibility NONE = new FieldVisibility(Map.of());

  private final Map<Class<?>, List<Controller<?, ?>>> controllersByType;

  private FieldVisibility(Map<Class<?>, List<Controller<?, ?>>> controllersByType) {
    this.controllersByType = controllersByType;
  }

  /** The visibility of an application serving {@code controllers}. */
  public static FieldVisibility of(Collection<? extends Controller<?, ?>> controllers) {
    Map<Class<?>, List<Controller<?, ?>>> byType = new HashMap<>();
    for (Controller<?, ?> controller : controllers) {
      List<Controller<?, ?>> list = byType.computeIfAbsent(controller.repository().model().type(), t -> new ArrayList<>());
      if (!list.contains(controller)) {
        list.add(controller);
      }
    }
    byType.replaceAll((type, list) -> List.copyOf(list));
    return new FieldVisibility(Map.copyOf(byType));
  }

  /**
   * What one call may see: the fields {@code owner} hides from its own entity under {@code options} (the
   * options of {@code path}), and for embedded entities what their controllers hide on {@code path}.
   * {@code user} is the caller, for policies that depend on who asks.
   */
  public Scope scope(Controller<?, ?> owner, Options options, String path, Object user) {
    return new Scope(owner, options, path, user);
  }

  /**
   * Checks that every {@value #OPTION} value of {@code config} names attributes of {@code model}, so a
   * misspelt name fails at start-up instead of leaving the field visible.
   */
  public static void validate(Config config, EntityModel<?> model) {
    check(config.defaults(), "the defaults", model);
    config.overrides().forEach((glob, options) -> check(options, "the override for '" + glob + "'", model));
  }

  private static void check(Options options, String where, EntityModel<?> model) {
    for (String name : names(options.get(OPTION), where)) {
      if (model.find(name).isEmpty()) {
        throw new ConfigurationException("option '" + OPTION + "' in " + where + " names '" + name + "', which is not an"
            + " attribute of " + model.displayName() + "; its attributes are " + attributeNames(model));
      }
      if (model.id().name().equals(name)) {
        throw new ConfigurationException("option '" + OPTION + "' in " + where + " names the id '" + name + "' of "
            + model.displayName() + "; the id addresses records and cannot be hidden");
      }
    }
  }

  private static List<String> attributeNames(EntityModel<?> model) {
    List<String> names = new ArrayList<>();
    model.attributes().forEach(attribute -> names.add(attribute.name()));
    return names;
  }

  /** The names an option value gives: a collection of names, an array, or one comma-separated string. */
  static Set<String> names(Object value, String where) {
    if (value == null) {
      return Set.of();
    }
    Collection<?> parts;
    if (value instanceof Collection) {
      parts = (Collection<?>) value;
    } else if (value instanceof Object[]) {
      parts = List.of((Object[]) value);
    } else if (value instanceof String) {
      parts = List.of(((String) value).split(","));
    } else {
      throw new ConfigurationException("option '" + OPTION + "' in " + where + " is " + value.getClass().getSimpleName()
          + " '" + value + "'; give a list of attribute names or one comma-separated string");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Object part : parts) {
      String name = String.valueOf(part).strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  /** The visibility of one call; caches what it has resolved. Not shared between threads. */
  public final class Scope {
    private final Controller<?, ?> owner;
    private final Options options;
    private final String path;
    private final Object user;
    private final Map<Class<?>, Set<String>> hidden = new LinkedHashMap<>(4);

    private Scope(Controller<?, ?> owner, Options options, String path, Object user) {
      this.owner = owner;
      this.options = options;
      this.path = path;
      this.user = user;
    }

    /** The attributes of {@code model} hidden from this call; empty when all are visible. */
    public Set<String> hidden(EntityModel<?> model) {
      Set<String> known = hidden.get(model.type());
      if (known == null) {
        known = resolve(model);
        hidden.put(model.type(), known);
      }
      return known;
    }

    /**
     * The attributes of {@code model} this call's caller may not write ({@code writeRoles}): of the call's own
     * options for its own entity, and for another entity (records nested in a body) of the controllers serving
     * it on the call's path, as {@link #hidden} resolves what they hide.
     */
    public Set<String> unwritable(EntityModel<?> model) {
      if (owner != null && owner.repository().model().type() == model.type()) {
        return FieldPolicies.unwritable(options, user);
      }
      Set<String> union = new LinkedHashSet<>();
      for (Controller<?, ?> controller : controllersByType.getOrDefault(model.type(), List.of())) {
        union.addAll(FieldPolicies.unwritable(controller.config().resolve(path), user));
      }
      return union.isEmpty() ? Set.of() : union;
    }

    /** The roles that {@link #unwritable} found {@code field} of {@code model} needs (a role or a list). */
    public Object writeRoles(EntityModel<?> model, String field) {
      List<Options> sources = new ArrayList<>();
      if (owner != null && owner.repository().model().type() == model.type()) {
        sources.add(options);
      } else {
        controllersByType.getOrDefault(model.type(), List.of()).forEach(controller -> sources.add(controller.config().resolve(path)));
      }
      for (Options resolved : sources) {
        if (FieldPolicies.unwritable(resolved, user).contains(field)) {
          return ((Map<?, ?>) resolved.get(dev.scribe.controller.FieldPolicy.WRITE_ROLES)).get(field);
        }
      }
      return List.of();
    }

    /** True when {@code name} is an attribute of {@code model} this call may see. */
    boolean visible(EntityModel<?> model, String name) {
      return model.find(name).isPresent() && !hidden(model).contains(name);
    }

    /** The caller the scope was made for (null when anonymous), for policies that depend on who asks. */
    public Object user() {
      return user;
    }

    private Set<String> resolve(EntityModel<?> model) {
      if (owner != null && owner.repository().model().type() == model.type()) {
        return withReadPolicy(names(options.get(OPTION), path), options);
      }
      Set<String> union = new LinkedHashSet<>();
      for (Controller<?, ?> controller : controllersByType.getOrDefault(model.type(), List.of())) {
        Options resolved = controller.config().resolve(path);
        union.addAll(names(resolved.get(OPTION), path));
        union.addAll(FieldPolicies.unreadable(resolved, user));
      }
      return union.isEmpty() ? Set.of() : union;
    }

    /** {@code hidden} plus the fields the read policy of {@code resolved} hides from this call's user. */
    private Set<String> withReadPolicy(Set<String> hiddenByOption, Options resolved) {
      Set<String> unreadable = FieldPolicies.unreadable(resolved, user);
      if (unreadable.isEmpty()) {
        return hiddenByOption;
      }
      Set<String> all = new LinkedHashSet<>(hiddenByOption);
      all.addAll(unreadable);
      return all;
    }
  }
}
