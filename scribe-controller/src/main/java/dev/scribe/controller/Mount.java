package dev.scribe.controller;

import java.util.List;

/**
 * One controller mounted in the routing table: its dotted resource path ({@code admin.tasks},
 * {@code tasks.subtasks}), its URL pattern (null segments stand for the parent's id), and for nested
 * resources the parent mount and the child's attribute that points at the parent.
 */
final class Mount {
  final String resource;
  final List<String> pattern;
  final Controller<?, ?> controller;
  final Mount parent;
  final String parentAttribute;

  Mount(String resource, List<String> pattern, Controller<?, ?> controller, Mount parent, String parentAttribute) {
    this.resource = resource;
    this.pattern = pattern;
    this.controller = controller;
    this.parent = parent;
    this.parentAttribute = parentAttribute;
  }

  /** The URL template: {@code /tasks/{id}/subtasks}. */
  String template() {
    StringBuilder text = new StringBuilder();
    for (String segment : pattern) {
      text.append('/').append(segment == null ? "{id}" : segment);
    }
    return text.toString();
  }
}
