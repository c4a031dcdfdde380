package dev.scribe.repository.internal.params;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A record's params as a frame over the caller's map: reads go to the caller's map, the first write
 * copies it. Nested maps and lists are handed out as frames of their own, and a nested frame's first
 * write copies it and puts the copy in place of the caller's value in its enclosing frame (copying that
 * one too), so the caller's maps and lists, nested ones included, are never changed, and a record whose
 * handlers write nothing copies nothing.
 */
public final class CopyOnWriteParams {
  private CopyOnWriteParams() {}

  /** The params frame of one record over the caller's map. */
  public static Map<String, Object> over(Map<String, Object> callerMap) {
    return new FrameMap(callerMap, null, null);
  }

  /**
   * How many times the params frame {@code params} was written so far (a value put, a key removed, a nested map or
   * list changed for the first time), or -1 when {@code params} is not such a frame: equal counts, asked of the same
   * frame, mean its keys and values are the ones it held.
   */
  public static int writes(Map<String, Object> params) {
    return params instanceof FrameMap ? ((FrameMap) params).writes() : -1;
  }

  /** A frame enclosing nested frames: told when one of them copies itself, so it keeps the copy. */
  interface Enclosing {
    void keep(Object slot, Object original, Object frame);
  }

  /** A nested value as its enclosing frame hands it out: the caller's value itself unless a map or list. */
  static Object nestedFrame(Enclosing enclosing, Object slot, Object value) {
    if (value instanceof FrameMap && ((FrameMap) value).enclosing == enclosing) {
      return value;
    }
    if (value instanceof FrameList && ((FrameList) value).enclosing == enclosing) {
      return value;
    }
    if (value instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      return new FrameMap(map, enclosing, slot);
    }
    if (value instanceof List) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) value;
      return new FrameList(list, enclosing, slot);
    }
    return value;
  }

  /**
   * True for a value handed out as a frame of its own: a map or a list. Asked for every value a record's
   * params give out, most of them text, numbers and booleans: those are told by their class first, because
   * on Java 17 a failed {@code instanceof} against an interface scans all the interfaces of the value's
   * class, twice per value here (it made the params check of a batch of creates nearly twice as slow). The
   * values the params check converts to (dates, times, ids) are told by their final class too: a
   * {@code LocalDate} has eight interfaces to scan, and a converted date is read again by the binder.
   */
  static boolean framed(Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
        || plainValueClass(value.getClass())) {
      return false;
    }
    return value instanceof Map || value instanceof List;
  }

  /** A final class of values that are neither maps nor lists, told by identity: no interface is scanned. */
  private static boolean plainValueClass(Class<?> type) {
    return type == LocalDate.class || type == LocalDateTime.class || type == Instant.class || type == OffsetDateTime.class
        || type == ZonedDateTime.class || type == LocalTime.class || type == UUID.class || type == Character.class;
  }

  static Object sourceOf(Object frame) {
    return frame instanceof FrameMap ? ((FrameMap) frame).source : ((FrameList) frame).source;
  }
}
