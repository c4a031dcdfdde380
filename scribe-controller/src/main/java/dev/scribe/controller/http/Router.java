package dev.scribe.controller.http;

import dev.scribe.controller.internal.request.NextUrls;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Matches URL path segments against the mounts: {@code /tasks} is the collection, {@code /tasks/count}
 * the count, {@code /tasks/{id}} an item, {@code /tasks/{id}/subtasks} a nested collection. Mounts with
 * more segments are tried first, so {@code /admin/tasks} wins over an item {@code admin} of {@code /admin}.
 * Internal, unsupported.
 */
public final class Router {
  private final List<Mount> mounts;

  /** Internal: the routing table of {@code mounts}. */
  public Router(List<Mount> mounts) {
    List<Mount> sorted = new ArrayList<>(mounts);
    sorted.sort(Comparator.comparingInt((Mount m) -> -m.pattern().size()));
    this.mounts = List.copyOf(sorted);
  }

  /** The kind of URL a route addresses. */
  enum Kind { COLLECTION, COUNT, ITEM }

  /** A matched URL: the mount, what it addresses, the record id and the parent id. */
  record Route(Mount mount, Kind kind, String id, String parentId, String collectionPath) {}

  Route match(List<String> segments) {
    for (Mount mount : mounts) {
      int n = mount.pattern().size();
      if (segments.size() < n || segments.size() > n + 1) {
        continue;
      }
      String parentId = null;
      boolean matches = true;
      for (int i = 0; i < n && matches; i++) {
        String expected = mount.pattern().get(i);
        if (expected == null) {
          parentId = segments.get(i);
        } else {
          matches = expected.equals(segments.get(i));
        }
      }
      if (!matches) {
        continue;
      }
      // the segments arrive decoded: encoded again, a parent id such as "a b" or "a?b" stays one segment of the URL
      StringBuilder encoded = new StringBuilder();
      for (String segment : segments.subList(0, n)) {
        encoded.append('/').append(NextUrls.segment(segment));
      }
      String collectionPath = encoded.toString();
      if (segments.size() == n) {
        return new Route(mount, Kind.COLLECTION, null, parentId, collectionPath);
      }
      String last = segments.get(n);
      if (last.equals("count")) {
        return new Route(mount, Kind.COUNT, null, parentId, collectionPath);
      }
      return new Route(mount, Kind.ITEM, last, parentId, collectionPath);
    }
    return null;
  }
}
