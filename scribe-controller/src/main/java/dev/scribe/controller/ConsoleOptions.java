package dev.scribe.controller;

import dev.scribe.controller.internal.console.UrlGlob;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The browser console at {@code /_scribe/}: the event catalogue and the last requests, each as a
 * timeline of the handlers that ran across the three tiers, and the same data as JSON
 * ({@code /_scribe/requests}, {@code /_scribe/requests/{id}}). Off by default. It shows the application's
 * internals and recent argument values (secrets masked), so in production keep it off or restrict it
 * with {@link #access(Predicate)}.
 *
 * <p>Recording needs the kernel's trace ({@code Scribe.builder().trace(true)}). Memory is bounded: at most
 * {@link #capacity(int) capacity} requests are kept, each with at most {@link #maxEntries(int) maxEntries}
 * handler runs. Immutable; each method returns a new instance.
 *
 * <pre>{@code
 * RestApplication.builder(store)
 *     .console(ConsoleOptions.enabled()
 *         .capacity(500)
 *         .requireRole("admin"))
 * }</pre>
 */
public final class ConsoleOptions {
  /** Requests kept by default. */
  public static final int DEFAULT_CAPACITY = 200;
  /** The most requests the console keeps. */
  public static final int MAX_CAPACITY = 100_000;
  /** Handler runs kept per request by default. */
  public static final int DEFAULT_MAX_ENTRIES = 500;
  private static final ConsoleOptions DISABLED = new ConsoleOptions(false, DEFAULT_CAPACITY, DEFAULT_MAX_ENTRIES,
      request -> true, List.of(), null);

  private final boolean enabled;
  private final int capacity;
  private final int maxEntries;
  private final Predicate<HttpServletRequest> access;
  private final List<UrlGlob> ignored;
  private final String role;

  private ConsoleOptions(boolean enabled, int capacity, int maxEntries, Predicate<HttpServletRequest> access,
      List<UrlGlob> ignored, String role) {
    this.enabled = enabled;
    this.capacity = capacity;
    this.maxEntries = maxEntries;
    this.access = access;
    this.ignored = ignored;
    this.role = role;
  }

  /** The console on, open to every client that reaches the application, recording every request. */
  public static ConsoleOptions enabled() {
    return new ConsoleOptions(true, DEFAULT_CAPACITY, DEFAULT_MAX_ENTRIES, request -> true, List.of(), null);
  }

  /** No console, no recording, no cost on the request path: the default. */
  public static ConsoleOptions disabled() {
    return DISABLED;
  }

  /**
   * How many requests are kept, newest first; older ones are dropped. Default {@value #DEFAULT_CAPACITY}, at most
   * {@value #MAX_CAPACITY}: the ring of that many is allocated when the application is built, and
   * {@code capacity(Integer.MAX_VALUE)} was an {@code OutOfMemoryError} naming no setting.
   */
  public ConsoleOptions capacity(int requests) {
    if (requests < 1 || requests > MAX_CAPACITY) {
      throw new ConfigurationException("the console capacity must be at least 1 and at most " + MAX_CAPACITY
          + " requests, not " + requests);
    }
    return new ConsoleOptions(enabled, requests, maxEntries, access, ignored, role);
  }

  /**
   * How many handler runs are kept per request; later runs of a long request (a large batch) are counted,
   * not kept. Default {@value #DEFAULT_MAX_ENTRIES}.
   */
  public ConsoleOptions maxEntries(int entries) {
    if (entries < 1) {
      throw new ConfigurationException("the console's maxEntries must be at least 1, not " + entries);
    }
    return new ConsoleOptions(enabled, capacity, entries, access, ignored, role);
  }

  /**
   * Who may use the console: every {@code /_scribe/} request it answers is first checked with
   * {@code allowed}; a request it refuses gets 403. The hook for authorization, e.g.
   * {@code request -> request.isUserInRole("admin")}. Default: everyone.
   */
  public ConsoleOptions access(Predicate<HttpServletRequest> allowed) {
    if (allowed == null) {
      throw new UsageException("ConsoleOptions.access(null): pass who may use the console, e.g. access(request ->"
          + " request.isUserInRole(\"admin\")), or leave it out to let every client in");
    }
    return new ConsoleOptions(enabled, capacity, maxEntries, allowed, ignored, role);
  }

  /**
   * Only callers with {@code role} may use the console, as the application identifies them (its
   * {@code authenticator}, a filter's user, or the container's principal): a request without a caller gets
   * 401, one whose caller lacks the role 403. Checked before {@link #access(Predicate)}.
   * {@code requireRole("admin")} is the production setting when the console is on.
   */
  public ConsoleOptions requireRole(String role) {
    if (role == null || role.isBlank()) {
      throw new ConfigurationException("the console's required role must be a role name such as \"admin\"");
    }
    return new ConsoleOptions(enabled, capacity, maxEntries, access, ignored, role);
  }

  /**
   * Leaves these URL paths unrecorded ({@code *} within a segment, {@code **} across): {@code "/health"}.
   * The console's own requests are never recorded.
   */
  public ConsoleOptions ignore(String... urlGlobs) {
    if (urlGlobs == null) {
      throw new UsageException("ConsoleOptions.ignore(null): pass the URL globs to leave unrecorded, e.g."
          + " ignore(\"/health\")");
    }
    List<UrlGlob> list = new ArrayList<>(ignored);
    for (String glob : urlGlobs) {
      list.add(UrlGlob.of(glob));
    }
    return new ConsoleOptions(enabled, capacity, maxEntries, access, List.copyOf(list), role);
  }

  /** True when the console is served. */
  public boolean isEnabled() {
    return enabled;
  }

  /** How many requests the console keeps, the oldest dropped first. */
  public int capacity() {
    return capacity;
  }

  /** How many handler runs the console keeps per request. */
  public int maxEntries() {
    return maxEntries;
  }

  Predicate<HttpServletRequest> access() {
    return access;
  }

  /** The role a caller needs, or null. */
  String role() {
    return role;
  }

  /** True when requests to {@code urlPath} are recorded. */
  boolean records(String urlPath) {
    for (UrlGlob glob : ignored) {
      if (glob.matches(urlPath)) {
        return false;
      }
    }
    return true;
  }
}
