package dev.scribe.controller.internal.request;

import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.controller.ActionRequest;
import dev.scribe.core.Veto;
import java.util.function.Supplier;

/**
 * {@code If-None-Match} on a write of one record (RFC 9110, 13.1.2): the write runs only when the record's
 * current entity tag is none of those the header names (weak comparison); {@code *} matches any record, so
 * with it a write of an existing record is always a 412. A read answers the same header with a 304
 * ({@link NotModified}). On a write a header that is not {@code *} or a list of entity tags is a 400, never
 * ignored: the client asked for a condition, and a write that ran without it could overwrite what the client
 * meant to keep.
 */
public final class IfNoneMatch {
  private IfNoneMatch() {}

  /**
   * A 412 when {@code If-None-Match} names {@code entity}'s current tag, or {@code *}; nothing without the
   * header. {@code entity} is read only when the header is sent (a 404 when the record is missing).
   */
  public static <E> void check(ActionCall call, EntityView<E> view, Supplier<E> entity) {
    String header = call.request.header("If-None-Match");
    if (header == null) {
      return;
    }
    refuseMalformed(call.request);
    E current = entity.get();
    String etag = view.etag(current);
    if (header.strip().equals("*") || (etag != null && NotModified.matches(header, etag))) {
      throw new Veto(412, "If-None-Match " + header.strip() + " matches " + view.entityName() + " "
          + call.args.id() + (etag == null ? "" : " at its current tag " + etag) + ", so " + call.path
          + " did not run; If-None-Match asks to write only when the record is not in that state");
    }
  }

  /**
   * A 400 when {@code If-None-Match} is sent but is neither {@code *} nor a comma-separated list of entity tags
   * ({@code "3"}, {@code W/"3"}); nothing without the header.
   */
  public static void refuseMalformed(ActionRequest request) {
    String header = request.header("If-None-Match");
    if (header == null || header.strip().equals("*")) {
      return;
    }
    boolean valid = !header.replace(",", "").isBlank();
    for (String tag : header.split(",")) {
      String candidate = tag.strip();
      if (candidate.isEmpty()) {
        continue; // an empty element of a list header is allowed (RFC 9110, 5.6.1)
      }
      String opaque = candidate.startsWith("W/") ? candidate.substring(2) : candidate;
      valid &= opaque.length() >= 2 && opaque.startsWith("\"") && opaque.indexOf('"', 1) == opaque.length() - 1;
    }
    if (!valid) {
      throw new Veto(400, "If-None-Match '" + header.strip() + "' is not an entity tag: send the ETag you read in its"
          + " double quotes, like \"3\", a list of them separated by commas, or *");
    }
  }

  /** A 400 for {@code If-None-Match} on a write of several records: a condition applies to one record. */
  public static void refuseOnMany(ActionCall call, String what) {
    if (call.request.header("If-None-Match") != null) {
      throw new Veto(400, "If-None-Match applies to one record; send it on the record's own URL, not with " + what);
    }
  }
}
