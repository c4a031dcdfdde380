package dev.scribe.controller.http;

import java.util.List;

/**
 * One controller mounted in the routing table: its dotted resource path ({@code admin.tasks},
 * {@code tasks.subtasks}), its URL pattern (null segments stand for the parent's id), and for nested
 * resources the parent mount and the child's attribute that points at the parent. Internal, unsupported.
 */
public record Mount(String resource, List<String> pattern, ServedApplication.Endpoint endpoint, Mount parent,
    String parentAttribute) {

  /** The URL template: {@code /tasks/{id}/subtasks}. */
  public String template() {
    StringBuilder text = new StringBuilder();
    for (String segment : pattern) {
      text.append('/').append(segment == null ? "{id}" : segment);
    }
    return text.toString();
  }
}
