package dev.scribe.controller.internal.request;

import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.core.Veto;
import java.util.function.Supplier;

/**
 * {@code If-None-Match} on a write of one record (RFC 9110, 13.1.2): the write runs only when the record's
 * current entity tag is none of those the header names (weak comparison); {@code *} matches any record, so
 * with it a write of an existing record is always a 412. A read answers the same header with a 304
 * ({@link NotModified}).
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
    E current = entity.get();
    String etag = view.etag(current);
    if (header.strip().equals("*") || (etag != null && NotModified.matches(header, etag))) {
      throw new Veto(412, "If-None-Match " + header.strip() + " matches " + view.entityName() + " "
          + call.args.id() + (etag == null ? "" : " at its current tag " + etag) + ", so " + call.path
          + " did not run; If-None-Match asks to write only when the record is not in that state");
    }
  }

  /** A 400 for {@code If-None-Match} on a write of several records: a condition applies to one record. */
  public static void refuseOnMany(ActionCall call, String what) {
    if (call.request.header("If-None-Match") != null) {
      throw new Veto(400, "If-None-Match applies to one record; send it on the record's own URL, not with " + what);
    }
  }
}
