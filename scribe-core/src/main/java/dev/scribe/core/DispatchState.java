package dev.scribe.core;

import java.util.ArrayList;
import java.util.List;

/** Per-thread dispatch state: the stack of events being dispatched and the open trace. */
final class DispatchState {
  private Event[] events = new Event[16];
  private String[] paths = new String[16];
  int depth;
  Trace trace;

  void push(Event event, String path, int maxDepth) {
    if (depth >= maxDepth) {
      List<String> chain = new ArrayList<>();
      for (int i = 0; i < depth; i++) {
        chain.add(events[i] + "@" + paths[i]);
      }
      chain.add(event + "@" + path);
      throw new DispatchDepthException(maxDepth, chain);
    }
    if (depth == events.length) {
      events = java.util.Arrays.copyOf(events, depth * 2);
      paths = java.util.Arrays.copyOf(paths, depth * 2);
    }
    events[depth] = event;
    paths[depth] = path;
    depth++;
  }

  void pop() {
    depth--;
    events[depth] = null;
    paths[depth] = null;
  }
}
