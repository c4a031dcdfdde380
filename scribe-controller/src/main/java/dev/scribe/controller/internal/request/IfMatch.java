package dev.scribe.controller.internal.request;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.core.Veto;

/**
 * Reads {@code If-Match} into the version an update or destroy expects. A weak tag ({@code W/"2"}) never
 * matches (RFC 9110, 13.1.1: {@code If-Match} compares strongly), so it is answered 412 whatever the version;
 * a tag that is not a version written as this API writes it ({@code "00"}, {@code "+3"}) is a 400.
 */
public final class IfMatch {
  private IfMatch() {}

  /** The version named by {@code If-Match}, or null when the header is absent or {@code *}. */
  public static Long expectedVersion(ActionRequest request, EntityView<?> view, String path) {
    String header = request.header("If-Match");
    if (header == null) {
      return null;
    }
    String tag = header.strip();
    if (tag.equals("*")) {
      return null;
    }
    if (view.versionName() == null) {
      throw new Veto(400, "If-Match was sent to " + path + ", but " + view.entityName()
          + " records have no version to compare; send the request without If-Match");
    }
    if (tag.contains(",")) {
      throw new Veto(400, "If-Match '" + header + "' names several entity tags; send the one ETag you read");
    }
    if (tag.startsWith("W/")) {
      throw new Veto(412, "If-Match " + header.strip() + " is a weak entity tag, and a weak tag never matches If-Match;"
          + " send the ETag you read as it is, like \"3\"");
    }
    String notOurs = "If-Match '" + header + "' is not an entity tag of this API; send the ETag you read, like \"3\"";
    // An entity tag is quoted (RFC 9110, 8.8.3): a bare 3 is not the "3" this API sends
    if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
      throw new Veto(400, notOurs);
    }
    tag = tag.substring(1, tag.length() - 1);
    if (tag.length() > 1 && tag.charAt(0) == '0') {
      // tags compare character by character (RFC 9110, 8.8.3.2): "00" is not the "0" this API sends
      throw new Veto(400, notOurs);
    }
    for (int i = 0; i < tag.length(); i++) {
      if (tag.charAt(i) < '0' || tag.charAt(i) > '9') {
        throw new Veto(400, notOurs); // Long.parseLong would take "+3" and non-ASCII digits
      }
    }
    try {
      return Long.parseLong(tag);
    } catch (NumberFormatException e) {
      throw new Veto(400, notOurs);
    }
  }
}
