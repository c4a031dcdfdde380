package dev.scribe.core;

/**
 * One handler as introspection shows it.
 *
 * @param name       {@code Class.method} for methods, the registered name for named handlers
 * @param source     where it came from
 * @param priority   higher runs first
 * @param pathFilter the context-path glob it is restricted to, or null for every path
 * @param level      the owner it was attached to: the owner's name, or {@code "tier"} for the tier-wide manager
 */
public record HandlerInfo(String name, HandlerSource source, int priority, String pathFilter, String level) {

  @Override
  public String toString() {
    return name + " [" + source.name().toLowerCase() + ", priority " + priority
        + (pathFilter == null ? "" : ", path " + pathFilter) + ", on " + level + "]";
  }
}
