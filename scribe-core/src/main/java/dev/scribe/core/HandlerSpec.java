package dev.scribe.core;

/**
 * How to attach a lambda: the event, and optionally a name, a priority and a path filter.
 *
 * <pre>{@code
 * events.on(HandlerSpec.of("preCreate").name("trimTitle").priority(10).path("admin.**"), args -> ...);
 * }</pre>
 */
public final class HandlerSpec {
  private final String event;
  private final String name;
  private final int priority;
  private final String path;

  private HandlerSpec(String event, String name, int priority, String path) {
    this.event = event;
    this.name = name;
    this.priority = priority;
    this.path = path;
  }

  /** A spec for {@code event} with priority 0, every path, and a generated name. */
  public static HandlerSpec of(String event) {
    return new HandlerSpec(event, null, 0, null);
  }

  /**
   * The name shown by introspection and trace (and, for {@link EventManager#bind}, the registered handler's
   * name); without one a lambda gets a generated name.
   *
   * @throws UsageException if {@code handlerName} is null or blank: a trace line or an event's handler list
   *     would show nothing where the handler's name belongs
   */
  public HandlerSpec name(String handlerName) {
    if (handlerName == null || handlerName.isBlank()) {
      throw new UsageException("HandlerSpec.of(\"" + event + "\").name(" + (handlerName == null ? "null"
          : "\"" + handlerName + "\"") + "): pass the name trace and introspection show, e.g. name(\"trimTitle\"),"
          + " or leave name(...) out for a generated one");
    }
    return new HandlerSpec(event, handlerName, priority, path);
  }

  /** Higher runs first. */
  public HandlerSpec priority(int newPriority) {
    return new HandlerSpec(event, name, newPriority, path);
  }

  /** Restricts the handler to the context paths matching {@code glob}. */
  public HandlerSpec path(String glob) {
    return new HandlerSpec(event, name, priority, glob);
  }

  /** The name of the event the handler is for, as given to {@link #of}. */
  public String event() {
    return event;
  }

  String name() {
    return name;
  }

  int priority() {
    return priority;
  }

  String pathGlob() {
    return path;
  }
}
