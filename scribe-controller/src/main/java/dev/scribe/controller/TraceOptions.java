package dev.scribe.controller;

import dev.scribe.controller.internal.console.UrlGlob;
import dev.scribe.core.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the HTTP binding reports about each request when tracing is on: {@code X-Scribe-*} response
 * headers and one log line (logger {@code dev.scribe.controller.trace}, level INFO), with the chosen
 * {@link Item items}, except for URL paths on the blacklist. The list of handlers that ran needs the
 * kernel's trace too ({@code Scribe.builder().trace(true)}); the other items do not.
 *
 * <p>Immutable; each method returns a new instance.
 *
 * <pre>{@code
 * RestApplication.builder(store)
 *     .trace(TraceOptions.enabled().items(Item.PATH, Item.HANDLERS, Item.DURATION).blacklist("/health"))
 * }</pre>
 */
public final class TraceOptions {
  private static final TraceOptions DISABLED = new TraceOptions(false, EnumSet.allOf(Item.class), List.of(), true, true);

  private final boolean enabled;
  private final Set<Item> items;
  private final List<UrlGlob> blacklist;
  private final boolean headers;
  private final boolean log;

  private TraceOptions(boolean enabled, Set<Item> items, List<UrlGlob> blacklist, boolean headers, boolean log) {
    this.enabled = enabled;
    this.items = items;
    this.blacklist = blacklist;
    this.headers = headers;
    this.log = log;
  }

  /** Every item, as headers and as a log line, for every path. */
  public static TraceOptions enabled() {
    return new TraceOptions(true, EnumSet.allOf(Item.class), List.of(), true, true);
  }

  /** No trace headers, no log line: the default. */
  public static TraceOptions disabled() {
    return DISABLED;
  }

  /** Reports only these items. */
  public TraceOptions items(Item... chosen) {
    if (chosen == null) {
      throw new UsageException("TraceOptions.items(null): pass the items to report, e.g. items(Item.PATH, Item.HANDLERS)");
    }
    if (Arrays.asList(chosen).contains(null)) {
      throw new UsageException("TraceOptions.items(" + Arrays.toString(chosen) + "): an item is null; pass the items to"
          + " report, e.g. items(Item.PATH, Item.HANDLERS)");
    }
    EnumSet<Item> set = EnumSet.noneOf(Item.class);
    set.addAll(List.of(chosen));
    return new TraceOptions(enabled, set, blacklist, headers, log);
  }

  /**
   * Leaves these URL paths untraced (relative to where the servlet is mounted); {@code *} matches
   * within a segment, {@code **} across segments: {@code "/health"}, {@code "/_scribe/**"}.
   */
  public TraceOptions blacklist(String... urlGlobs) {
    if (urlGlobs == null) {
      throw new UsageException("TraceOptions.blacklist(null): pass the URL globs to leave untraced, e.g."
          + " blacklist(\"/health\")");
    }
    List<UrlGlob> list = new ArrayList<>(blacklist);
    for (String glob : urlGlobs) {
      list.add(UrlGlob.of(glob));
    }
    return new TraceOptions(enabled, items, List.copyOf(list), headers, log);
  }

  /** Whether the items are sent as {@code X-Scribe-*} response headers (default true). */
  public TraceOptions headers(boolean send) {
    return new TraceOptions(enabled, items, blacklist, send, log);
  }

  /** Whether one log line per request is written (default true). */
  public TraceOptions log(boolean write) {
    return new TraceOptions(enabled, items, blacklist, headers, write);
  }

  /** True when requests are traced. */
  public boolean isEnabled() {
    return enabled;
  }

  /** The items the trace headers and the log line report. */
  public Set<Item> items() {
    return Set.copyOf(items);
  }

  /** True when {@code item} is reported. */
  public boolean has(Item item) {
    return items.contains(item);
  }

  /** True when the items are sent as response headers. */
  public boolean sendsHeaders() {
    return headers;
  }

  /** True when the items are written as one log line per request. */
  public boolean writesLog() {
    return log;
  }

  /** True when requests to {@code urlPath} are traced. */
  public boolean traces(String urlPath) {
    if (!enabled) {
      return false;
    }
    for (UrlGlob glob : blacklist) {
      if (glob.matches(urlPath)) {
        return false;
      }
    }
    return true;
  }

  /** One reported fact about a request, with its response header. */
  public enum Item {
    /** {@code X-Scribe-Request-Id}: the id that also appears in the log and in 500 bodies. */
    REQUEST_ID("X-Scribe-Request-Id"),
    /** {@code X-Scribe-Path}: the context path, e.g. {@code admin.tasks.store}. */
    PATH("X-Scribe-Path"),
    /** {@code X-Scribe-Action}: index, store, show, update or destroy. */
    ACTION("X-Scribe-Action"),
    /** {@code X-Scribe-Status}: the response status. */
    STATUS("X-Scribe-Status"),
    /**
     * {@code X-Scribe-Handlers}: every handler that ran, in order, as {@code tier.event:Handler}; empty when none
     * ran, absent when the kernel does not trace ({@code Scribe.builder().trace(true)}).
     */
    HANDLERS("X-Scribe-Handlers"),
    /** {@code X-Scribe-Duration}: time spent in the application, in milliseconds. */
    DURATION("X-Scribe-Duration"),
    /** {@code X-Scribe-User}: the caller's id (and name), when there is one. */
    USER("X-Scribe-User");

    private final String header;

    Item(String header) {
      this.header = header;
    }

    /** The response header that carries this item. */
    public String header() {
      return header;
    }
  }
}
