package dev.scribe.controller.internal.view;

import dev.scribe.controller.Access;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Options;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
  public static final FieldVisibility NONE = new FieldVisibility(Map.of(), Map.of());

  private final Map<Class<?>, List<Controller<?, ?>>> controllersByType;
  /** The resource paths each entity is served under ({@code tasks}, {@code admin.tasks}), with their controller. */
  private final Map<Class<?>, List<Served>> mountsByType;

  /** A controller mounted at a dotted resource path. */
  public record Served(Controller<?, ?> controller, String resource) {}

  private FieldVisibility(Map<Class<?>, List<Controller<?, ?>>> controllersByType, Map<Class<?>, List<Served>> mountsByType) {
    this.controllersByType = controllersByType;
    this.mountsByType = mountsByType;
  }

  /** The visibility of an application serving each controller of {@code mounts} at its resource path. */
  public static FieldVisibility of(List<Served> mounts) {
    Map<Class<?>, List<Controller<?, ?>>> byType = new HashMap<>();
    Map<Class<?>, List<Served>> mountsByType = new HashMap<>();
    for (Served mount : mounts) {
      Class<?> type = mount.controller().repository().model().type();
      List<Controller<?, ?>> list = byType.computeIfAbsent(type, t -> new ArrayList<>());
      if (!list.contains(mount.controller())) {
        list.add(mount.controller());
      }
      mountsByType.computeIfAbsent(type, t -> new ArrayList<>()).add(mount);
    }
    byType.replaceAll((type, list) -> List.copyOf(list));
    mountsByType.replaceAll((type, list) -> List.copyOf(list));
    return new FieldVisibility(Map.copyOf(byType), Map.copyOf(mountsByType));
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
    private final Map<Class<?>, Set<String>> unwritable = new HashMap<>(4);
    /** The entity and action pairs ({@code Card.store}) whose nested records the caller was found to pass. */
    private final Set<String> admitted = new HashSet<>(4);

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
      // asked once per record nested in a body, as hidden is: resolved once per entity for the call
      return unwritable.computeIfAbsent(model.type(), type -> {
        if (owner != null && owner.repository().model().type() == type) {
          return FieldPolicies.unwritable(options, user);
        }
        Set<String> union = new LinkedHashSet<>();
        for (Controller<?, ?> controller : controllersByType.getOrDefault(type, List.of())) {
          union.addAll(FieldPolicies.unwritable(controller.config().resolve(path), user));
        }
        return union.isEmpty() ? Set.of() : union;
      });
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

    /**
     * The refusal of a record of {@code model} nested in a body, which {@code action} ({@code store} for a new
     * record, {@code update} for an existing one, {@code destroy} for one an orphan-removing list leaves out)
     * would write, or null: the caller must pass the
     * {@code requiresUser} / {@code requiresRole} check of that action on at least one resource path serving the
     * entity, as when it sends the record there itself, where that action is not switched off ({@code insertable},
     * {@code editable}, {@code deletable} false: that route's 405, a 403 here, see {@link #switchedOff}). No check
     * when no controller serves the entity (a record only ever written through its parent). {@code field} names the
     * record in the body ({@code cards[0]}).
     */
    public Veto nestedActionRefusal(EntityModel<?> model, String action, String field) {
      Veto refusal = null;
      Veto switchedOff = null;
      String key = model.type().getName() + "." + action;
      if (admitted.contains(key)) {
        return null;
      }
      for (Served mount : mountsByType.getOrDefault(model.type(), List.of())) {
        String actionPath = mount.resource() + "." + action;
        Options resolved = mount.controller().config().resolve(actionPath);
        String option = switchOf(action);
        if (!resolved.bool(option, true)) {
          if (switchedOff == null) {
            switchedOff = switchedOff(model, action, field, actionPath, option);
          }
          continue;
        }
        Object role = resolved.get(Access.REQUIRES_ROLE);
        List<String> roles = role == null ? List.of() : FieldPolicies.roles(role);
        if (role == null && !resolved.bool(Access.REQUIRES_USER, false)) {
          admitted.add(key);
          return null;
        }
        String what = field + ": " + verb(action) + model.displayName() + " needs ";
        if (user == null) {
          if (refusal == null) {
            refusal = Access.unauthenticated(what + "a logged-in user, as " + actionPath + " does; send Authorization:"
                + " Bearer <token> from POST /auth/login");
          }
        } else if (roles.isEmpty() || (user instanceof User && ((User) user).hasAnyRole(roles))) {
          admitted.add(key);
          return null;
        } else if (refusal == null || refusal.status() == 401) {
          refusal = Access.forbidden(what + (roles.size() == 1 ? "the role '" + roles.get(0) + "'" : "one of the roles "
              + roles) + ", as " + actionPath + " does, which " + (user instanceof User ? ((User) user).name()
              : "the caller") + " does not have; leave it out of the body");
        }
      }
      // a role the caller lacks is the refusal to name when one route would take the write with it
      return refusal != null ? refusal : switchedOff;
    }

    /**
     * The refusal of a nested write that every route serving the entity has switched off. Not their 405: the
     * method of the parent's URL is allowed; the server refuses a part of the body whoever sends it, so a 403
     * (RFC 9110, 15.5.4) naming the field, as a field {@code writeRoles} refuses is one; not a 422, which here means
     * a value that breaks a constraint, nor a 409, which means a conflict with the records' current state.
     */
    private static Veto switchedOff(EntityModel<?> model, String action, String field, String actionPath,
        String option) {
      String message = field + ": " + verb(action) + model.displayName() + " is disabled, as " + actionPath
          + " is (option '" + option + "' is false); " + ("destroy".equals(action) ? "keep it in the list"
          : "leave it out of the body");
      return Veto.builder().status(403).message(message).field(field, message).build();
    }

    private static String verb(String action) {
      return "store".equals(action) ? "creating a " : "destroy".equals(action) ? "deleting a " : "changing a ";
    }

    /** The option that switches {@code action} off at a route (the one its 405 names). */
    private static String switchOf(String action) {
      return "store".equals(action) ? ControllerOptions.INSERTABLE.name() : "destroy".equals(action)
          ? ControllerOptions.DELETABLE.name() : ControllerOptions.EDITABLE.name();
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
