/**
 * The demo's tasks and their subtasks: entities, repositories with their rules (trimmed titles, unique open
 * titles, owners' row scope), the controller with its custom {@code complete} action, and the slugs it adds.
 */
package dev.scribe.demo.tasks;
