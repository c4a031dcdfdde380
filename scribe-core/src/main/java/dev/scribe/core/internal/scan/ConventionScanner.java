package dev.scribe.core.internal.scan;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.On;
import dev.scribe.core.PathGlob;
import dev.scribe.core.Tier;
import dev.scribe.core.internal.CoreAccess;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the handler methods of a class for one tier: methods named like an event, and methods
 * annotated with {@link On}. Checks each signature at registration and warns about near-miss names.
 */
public final class ConventionScanner {
  private static final CoreAccess CORE = CoreAccess.get();

  private ConventionScanner() {}

  /** A handler method and how it is attached. */
  public record Found(Method method, Event event, int priority, PathGlob filter) {}

  /**
   * Scans {@code type} and its superclasses up to, not including, {@code stopAt} (and never into
   * {@code java.*} classes), then the default methods of the interfaces they implement. A subclass's method hides
   * a superclass's or an interface's method of the same signature.
   */
  public static List<Found> scan(Class<?> type, Class<?> stopAt, Tier tier, Consumer<String> warnings) {
    return scan(type, stopAt, tier, warnings, Set.of());
  }

  /** {@link #scan(Class, Class, Tier, Consumer)} without near-miss warnings for the methods named in {@code handledElsewhere}. */
  public static List<Found> scan(Class<?> type, Class<?> stopAt, Tier tier, Consumer<String> warnings, Set<String> handledElsewhere) {
    List<Found> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Class<?> c : declaringTypes(type, stopAt)) {
      Method[] methods = c.getDeclaredMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method method : methods) {
        if (method.isSynthetic() || method.isBridge() || (c.isInterface() && !method.isDefault())
            || !seen.add(method.getName() + signature(method))) {
          continue;
        }
        On on = method.getAnnotation(On.class);
        String eventName = on != null && !on.value().isEmpty() ? on.value() : method.getName();
        Event event = tier.find(eventName).orElse(null);
        if (event == null) {
          if (on != null) {
            throw new ConfigurationException(describe(method) + " is annotated @On(\"" + eventName + "\"), but "
                + CORE.noSuchEvent(tier, eventName));
          }
          if (!handledElsewhere.contains(method.getName())) {
            warnIfNearMiss(method, tier, warnings, handledElsewhere);
          }
          continue;
        }
        checkSignature(method, event, on != null);
        PathGlob filter = on == null || on.path().isEmpty() ? null : filterOf(method, on.path());
        found.add(new Found(method, event, on == null ? 0 : on.priority(), filter));
      }
    }
    return found;
  }

  private static PathGlob filterOf(Method method, String glob) {
    try {
      return PathGlob.of(glob);
    } catch (ConfigurationException e) {
      throw new ConfigurationException(describe(method) + " is annotated @On(path = \"" + glob + "\"): " + e.getMessage(), e);
    }
  }

  private static void checkSignature(Method method, Event event, boolean annotated) {
    boolean ok = method.getParameterCount() == 1 && method.getParameterTypes()[0] == EventArgs.class
        && method.getReturnType() == void.class && !Modifier.isStatic(method.getModifiers());
    if (!ok) {
      String problem = Modifier.isStatic(method.getModifiers()) ? "is static"
          : method.getReturnType() != void.class && method.getParameterCount() == 1
              && method.getParameterTypes()[0] == EventArgs.class ? "returns " + method.getReturnType().getSimpleName()
              : "must take (EventArgs)";
      throw new ConfigurationException(describe(method) + "(" + parameterList(method) + ") " + problem
          + ", but " + (annotated ? "its @On annotation" : "its name") + " makes it a handler of the "
          + event.tier().name() + " event " + event.name() + "; declare it as an instance method 'void "
          + method.getName() + "(EventArgs args)', or " + (annotated ? "remove the annotation" : "rename it"));
    }
    for (Class<?> thrown : method.getExceptionTypes()) {
      if (!RuntimeException.class.isAssignableFrom(thrown) && !Error.class.isAssignableFrom(thrown)) {
        throw new ConfigurationException(describe(method) + " declares 'throws " + thrown.getSimpleName()
            + "', a checked exception, but " + (annotated ? "its @On annotation" : "its name") + " makes it a handler of"
            + " the " + event.tier().name() + " event " + event.name() + ", and handlers throw unchecked exceptions"
            + " only; catch it in the method and throw a Veto to refuse the operation, or wrap it in an unchecked"
            + " exception");
      }
    }
  }

  /**
   * The first method of {@code type} (below {@code stopAt}) whose name misses an event of {@code tier} by a
   * letter or two, as "Type.preCreat matches no store event; did you mean preCreate?"; null when none does.
   */
  public static String nearMiss(Class<?> type, Class<?> stopAt, Tier tier) {
    for (Class<?> c : declaringTypes(type, stopAt)) {
      Method[] methods = c.getDeclaredMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method method : methods) {
        String closest = method.isSynthetic() || (c.isInterface() && !method.isDefault())
            || !CORE.looksLikeHandler(tier, method.getName()) ? null
            : CORE.closest(tier, method.getName());
        if (closest != null) {
          return describe(method) + " matches no " + tier.name() + " event; did you mean " + closest + "?";
        }
      }
    }
    return null;
  }

  /**
   * {@code type} and its superclasses up to, not including, {@code stopAt} (never into {@code java.*} classes),
   * then the interfaces they implement, whose default methods are inherited like a superclass's methods. A class's
   * method comes first, so it hides a default method of the same signature.
   */
  private static List<Class<?>> declaringTypes(Class<?> type, Class<?> stopAt) {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> c = type; c != null && c != stopAt && c != Object.class && !isPlatform(c); c = c.getSuperclass()) {
      classes.add(c);
    }
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    ArrayDeque<Class<?>> pending = new ArrayDeque<>();
    for (Class<?> c : classes) {
      pending.addAll(Arrays.asList(c.getInterfaces()));
    }
    while (!pending.isEmpty()) {
      Class<?> candidate = pending.poll();
      if (!isPlatform(candidate) && interfaces.add(candidate)) {
        pending.addAll(Arrays.asList(candidate.getInterfaces()));
      }
    }
    classes.addAll(interfaces);
    return classes;
  }

  /**
   * Warns about a method shaped like a handler of {@code tier} that is none. {@code ownerEvents} are the events
   * the owner declares itself (a controller's custom actions): a typo of one of them is a near miss of that
   * event, not of the tier's nearest, and the names to rename it to include them.
   */
  private static void warnIfNearMiss(Method method, Tier tier, Consumer<String> warnings, Set<String> ownerEvents) {
    String name = method.getName();
    if (!CORE.looksLikeHandler(tier, name)) {
      return;
    }
    List<String> candidates = new ArrayList<>(tier.eventNames());
    candidates.addAll(ownerEvents);
    String closest = EditDistance.closest(name, candidates);
    boolean handlerShaped = method.getParameterCount() == 1 && method.getParameterTypes()[0] == EventArgs.class;
    if (closest != null) {
      warnings.accept(describe(method) + " matches no " + tier.name() + " event; did you mean " + closest + "?");
    } else if (handlerShaped) {
      warnings.accept(describe(method) + " takes EventArgs but matches no " + tier.name()
          + " event, so it never runs; rename it to one of " + tier.eventNames()
          + (ownerEvents.isEmpty() ? " or" : " or of the events it declares itself " + ownerEvents + ", or")
          + " annotate it with @On(\"event\")");
    }
  }

  public static String describe(Method method) {
    return simpleName(method.getDeclaringClass()) + "." + method.getName();
  }

  public static String simpleName(Class<?> type) {
    String simple = type.getSimpleName();
    if (simple.isEmpty()) {
      String name = type.getName();
      return name.substring(name.lastIndexOf('.') + 1);
    }
    return simple;
  }

  private static boolean isPlatform(Class<?> c) {
    String name = c.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
  }

  private static String signature(Method method) {
    return Arrays.toString(method.getParameterTypes());
  }

  private static String parameterList(Method method) {
    StringBuilder text = new StringBuilder();
    for (Class<?> parameter : method.getParameterTypes()) {
      text.append(text.length() == 0 ? "" : ", ").append(parameter.getSimpleName());
    }
    return text.toString();
  }
}
