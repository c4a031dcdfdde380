package dev.scribe.controller.internal.request;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.view.FrontEndOptions;
import dev.scribe.core.Veto;
import java.util.List;

/**
 * Conditional reads of one record: a {@code GET} whose {@code If-None-Match} names the record's current
 * entity tag (weak comparison, RFC 9110 13.1.2; {@code *} matches any) is answered 304 with the tag and no
 * body, after the action ran as usual, so handlers and the row scope decide exactly as for a 200. One whose
 * {@code If-Match} does not name that tag (strong comparison; {@code *} matches any) is a 412, as a download is,
 * and so is a read whose answer has no tag (a page, a count, an export, a list of files) for an {@code If-Match}
 * that names one; such a read is a 304 for {@code If-None-Match: *}, which is false wherever there is a
 * representation.
 *
 * <p>A record's tag is its version, which embedded records ({@code with}) do not change: a request that
 * embeds is always answered in full.
 */
public final class NotModified {
  private NotModified() {}

  public static ActionResponse check(ActionCall call, ActionResponse response) {
    String etag = response.headers().get("ETag");
    String ifMatch = call.request.header("If-Match");
    if (etag == null && response.status() == 200) {
      refuseTaggedIfMatch(call);
    }
    if (etag != null && ifMatch != null && response.status() == 200 && !strongMatch(ifMatch, etag)) {
      // evaluated before If-None-Match (RFC 9110, 13.2.2), and on a read too, as a file's download does
      throw new Veto(412, "If-Match " + ifMatch.strip() + " does not name the current version of the record "
          + call.path + " reads: its ETag is " + etag + "; send its current ETag, or no If-Match to read it whatever"
          + " it is");
    }
    String header = call.request.header("If-None-Match");
    if (header == null || response.status() != 200 || embeds(call)) {
      return response;
    }
    if (etag == null) {
      // no tag of a list can be the answer's, but * is false wherever there is a representation (RFC 9110, 13.1.2)
      return header.strip().equals("*") ? ActionResponse.of(304, null) : response;
    }
    return matches(header, etag) ? ActionResponse.of(304, null).withHeader("ETag", etag) : response;
  }

  /**
   * A 412 for an {@code If-Match} that names a tag on a read whose answer has none (a page, a count, an export, a
   * record without a version): none of its tags is the representation's, so the condition is false (RFC 9110,
   * 13.1.1), where the read was answered as if it had not been sent. {@code *} holds, as there is a representation.
   * Called once the read would answer 200, so that a refusal of the request itself (400, 401, 404) comes first.
   */
  public static void refuseTaggedIfMatch(ActionCall call) {
    Veto refused = taggedIfMatch(call.request.header("If-Match"), call.path);
    if (refused != null) {
      throw refused;
    }
  }

  /**
   * The 412 of {@code ifMatch} on a read of {@code path} whose 200 has no ETag, or null when it holds (none sent, or
   * {@code *}): for the routes outside the actions ({@code /auth/me}, the console) what {@link #refuseTaggedIfMatch}
   * is for the actions.
   */
  public static Veto taggedIfMatch(String ifMatch, String path) {
    if (ifMatch == null || ifMatch.strip().equals("*")) {
      return null;
    }
    return new Veto(412, path + " answers no ETag, so If-Match " + ifMatch.strip() + " names none of its"
        + " versions; send no If-Match, or If-Match: * (any version)");
  }

  /**
   * True when {@code If-None-Match} is {@code *}, false on a read whose answer has no tag (an export) as on any with a
   * representation (RFC 9110, 13.1.2): such a read answers 304.
   */
  public static boolean anyTag(ActionCall call) {
    return star(call.request.header("If-None-Match"));
  }

  /**
   * True when {@code ifNoneMatch} is {@code *}: for the routes outside the actions ({@code /auth/me}, the console)
   * what {@link #anyTag} is for the actions, their answer a 304 once it would be a 200.
   */
  public static boolean star(String ifNoneMatch) {
    return ifNoneMatch != null && ifNoneMatch.strip().equals("*");
  }

  private static boolean embeds(ActionCall call) {
    Object with = call.frontEndOptions().get(FrontEndOptions.WITH);
    return with instanceof List ? !((List<?>) with).isEmpty() : with != null;
  }

  /** True when one of the header's tags is {@code etag} itself (a weak tag never is), or the header is {@code *}. */
  private static boolean strongMatch(String header, String etag) {
    for (String tag : header.split(",")) {
      String candidate = tag.strip();
      if (candidate.equals("*") || candidate.equals(etag) && !etag.startsWith("W/")) {
        return true;
      }
    }
    return false;
  }

  /** True when one of the header's tags, its {@code W/} prefix ignored, is {@code etag}, or the header is {@code *}. */
  static boolean matches(String header, String etag) {
    String own = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String tag : header.split(",")) {
      String candidate = tag.strip();
      if (candidate.equals("*")) {
        return true;
      }
      if ((candidate.startsWith("W/") ? candidate.substring(2) : candidate).equals(own)) {
        return true;
      }
    }
    return false;
  }
}
