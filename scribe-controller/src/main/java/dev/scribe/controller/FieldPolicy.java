package dev.scribe.controller;


/**
 * Field policies per role, as controller options resolved per context path. {@value #WRITE_ROLES} maps a
 * field to the role (or list of roles, any of which will do) a caller needs to send it in a store or update
 * body, single or batch: a field sent without the role is refused with 403 naming the field, before any
 * handler runs and before anything is written (handlers may still set it). {@value #READ_ROLES} maps a field
 * to the roles needed to read it: for everyone else it is hidden exactly like a {@code hiddenFields} field,
 * absent from bodies, embeds, filters, sorts, counts and field lists.
 *
 * <pre>{@code
 * controller.configure(Config.of(Map.of(
 *     FieldPolicy.WRITE_ROLES, Map.of("priority", "admin"),
 *     FieldPolicy.READ_ROLES, Map.of("internalNotes", List.of("admin", "staff")))));
 * }</pre>
 */
public final class FieldPolicy {
  /** The controller option: field → role or list of roles needed to write it. */
  public static final String WRITE_ROLES = "writeRoles";
  /** The controller option: field → role or list of roles needed to read it. */
  public static final String READ_ROLES = "readRoles";

  private FieldPolicy() {}
}
