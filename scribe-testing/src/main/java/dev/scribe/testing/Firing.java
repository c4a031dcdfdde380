package dev.scribe.testing;

import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hibernate.collection.spi.PersistentCollection;

/**
 * One event firing an {@link EventRecorder} saw: a read-only deep copy of its args, the open trace, and
 * {@code live}, the args instance until the event completes.
 */
final class Firing {
  private static final int MAX_COPY_DEPTH = 8;

  final String label;
  final Event event;
  final String path;
  final Map<String, Object> args;
  final Trace trace;
  final Thread thread = Thread.currentThread();
  volatile EventArgs live;
  volatile boolean completed;

  Firing(String label, Event event, String path, Map<String, Object> args, EventArgs live, Trace trace) {
    this.label = label;
    this.event = event;
    this.path = path;
    this.args = args;
    this.live = live;
    this.trace = trace;
  }

  /** A deep, read-only copy of {@code args} as the recorder keeps them. */
  static Map<String, Object> snapshot(EventArgs args) {
    return Collections.unmodifiableMap(copyMap(args, 0));
  }

  /** The {@code nth} (1-based) failed handler run in this firing's trace for its event and path, or null. */
  TraceEntry failure(int nth) {
    int count = 0;
    for (TraceEntry run : trace.entries()) {
      if (run.event().equals(event.name()) && run.tier().equals(event.tier().name())
          && Objects.equals(run.path(), path) && !run.outcome().equals("ok")
          && !EventRecorder.isRecorders(run.handler()) && ++count == nth) {
        return run;
      }
    }
    return null;
  }

  private static Map<String, Object> copyMap(Map<?, ?> map, int depth) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(String.valueOf(key), copy(value, depth + 1)));
    return copy;
  }

  /** Maps and collections copied (not Hibernate's: copying a lazy one would load it); other values as they are. */
  private static Object copy(Object value, int depth) {
    if (value == null || depth > MAX_COPY_DEPTH || value instanceof PersistentCollection) {
      return value;
    }
    if (value instanceof Map) {
      return Collections.unmodifiableMap(copyMap((Map<?, ?>) value, depth));
    }
    if (value instanceof Set) {
      Set<Object> copy = new LinkedHashSet<>();
      ((Set<?>) value).forEach(item -> copy.add(copy(item, depth + 1)));
      return Collections.unmodifiableSet(copy);
    }
    if (value instanceof Collection) {
      List<Object> copy = new ArrayList<>();
      ((Collection<?>) value).forEach(item -> copy.add(copy(item, depth + 1)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
