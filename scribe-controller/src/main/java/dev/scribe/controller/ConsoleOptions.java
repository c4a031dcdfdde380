package dev.scribe.controller;

import dev.scribe.core.ConfigurationException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 *         .access(request -> request.isUserInRole("admin")))
 * }</pre>
 */
public final class ConsoleOptions {
  /** Requests kept by default. */
  public static final int DEFAULT_CAPACITY = 200;
  /** Handler runs kept per request by default. */
  public static final int DEFAULT_MAX_ENTRIES = 500;
  private static final ConsoleOptions DISABLED = new ConsoleOptions(false, DEFAULT_CAPACITY, DEFAULT_MAX_ENTRIES,
      request -> true, List.of());

  private final boolean enabled;
  private final int capacity;
  private final int maxEntries;
  private final Predicate<HttpServletRequest> access;
  private final List<UrlGlob> ignored;

  private ConsoleOptions(boolean enabled, int capacity, int maxEntries, Predicate<HttpServletRequest> access,
      List<UrlGlob> ignored) {
    this.enabled = enabled;
    this.capacity = capacity;
    this.maxEntries = maxEntries;
    this.access = access;
    this.ignored = ignored;
  }

  /** The console on, open to every client that reaches the application, recording every request. */
  public static ConsoleOptions enabled() {
    return new ConsoleOptions(true, DEFAULT_CAPACITY, DEFAULT_MAX_ENTRIES, request -> true, List.of());
  }

  /** No console, no recording, no cost on the request path: the default. */
  public static ConsoleOptions disabled() {
    return DISABLED;
  }

  /** How many requests are kept, newest first; older ones are dropped. Default {@value #DEFAULT_CAPACITY}. */
  public ConsoleOptions capacity(int requests) {
    if (requests < 1) {
      throw new ConfigurationException("the console capacity must be at least 1 request, not " + requests);
    }
    return new ConsoleOptions(enabled, requests, maxEntries, access, ignored);
  }

  /**
   * How many handler runs are kept per request; later runs of a long request (a large batch) are counted,
   * not kept. Default {@value #DEFAULT_MAX_ENTRIES}.
   */
  public ConsoleOptions maxEntries(int entries) {
    if (entries < 1) {
      throw new ConfigurationException("the console's maxEntries must be at least 1, not " + entries);
    }
    return new ConsoleOptions(enabled, capacity, entries, access, ignored);
  }

  /**
   * Who may use the console: every {@code /_scribe/} request it answers is first checked with
   * {@code allowed}; a request it refuses gets 403. The hook for authorization, e.g.
   * {@code request -> request.isUserInRole("admin")}. Default: everyone.
   */
  public ConsoleOptions access(Predicate<HttpServletRequest> allowed) {
    return new ConsoleOptions(enabled, capacity, maxEntries, Objects.requireNonNull(allowed, "allowed"), ignored);
  }

  /**
   * Leaves these URL paths unrecorded ({@code *} within a segment, {@code **} across): {@code "/health"}.
   * The console's own requests are never recorded.
   */
  public ConsoleOptions ignore(String... urlGlobs) {
    List<UrlGlob> list = new ArrayList<>(ignored);
    for (String glob : urlGlobs) {
      try {
        list.add(UrlGlob.of(glob));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(e.getMessage());
      }
    }
    return new ConsoleOptions(enabled, capacity, maxEntries, access, List.copyOf(list));
  }

  public boolean isEnabled() {
    return enabled;
  }

  public int capacity() {
    return capacity;
  }

  public int maxEntries() {
    return maxEntries;
  }

  Predicate<HttpServletRequest> access() {
    return access;
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
