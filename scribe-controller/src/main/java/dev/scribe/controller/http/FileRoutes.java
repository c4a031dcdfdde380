package dev.scribe.controller.http;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.problem.HttpVeto;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The routes of file attachments, under any item of a controller that serves them: {@code GET /tasks/{id}/files}
 * (the list), {@code PUT}, {@code GET}, {@code HEAD}, {@code DELETE /tasks/{id}/files/{name}}, nested mounts
 * alike. The upload's body is left unread here, for the action to stream it into the store; when the answer is
 * a refusal, what the client is still sending is read and dropped, so that it reads the answer. Answers null
 * for every other request.
 */
final class FileRoutes {
  static final String SEGMENT = "files";
  /** The methods a file's URL and the list's serve, before options disable any. */
  private static final List<String> ON_FILE = List.of("GET", "HEAD", "PUT", "DELETE");
  private static final List<String> ON_LIST = List.of("GET", "HEAD");
  /** The request headers the file actions read, besides {@code If-Match}. */
  private static final List<String> HEADERS = List.of("If-None-Match", "If-Unmodified-Since", "If-Modified-Since", "Range",
      "If-Range");
  /** The headers of one value each among them, the ranges (read by a download only) first: two of one is a 400. */
  private static final List<String> SINGLE = List.of("Range", "If-Range", "If-Modified-Since", "If-Unmodified-Since");

  private final ServedApplication app;

  FileRoutes(ServedApplication app) {
    this.app = app;
  }

  ActionResponse dispatch(HttpServletRequest req, HttpServletResponse resp, String method, List<String> segments,
      Router.Route route, String requestId, TraceReporter.Outcome outcome) throws IOException {
    if (route != null) {
      return null;
    }
    int size = segments.size();
    String name = null;
    Router.Route owner = null;
    if (size >= 3 && segments.get(size - 1).equals(SEGMENT)) {
      owner = filesOf(segments.subList(0, size - 1));
    }
    // a file may be called "files" too: /tasks/1/files/files is that file when /tasks/1/files is not an item
    if (owner == null && size >= 4 && segments.get(size - 2).equals(SEGMENT)) {
      owner = filesOf(segments.subList(0, size - 2));
      name = owner == null ? null : fileName(req, segments.get(size - 1));
    }
    if (owner == null) {
      return null;
    }
    // what writing the record allows: OPTIONS and other methods' 405s named PUT and DELETE where an upload was a 405
    // (a PUT or DELETE there still runs its action, whose access check and 405 say why)
    List<String> allowed = owner.mount().endpoint().fileMethods(owner.mount().resource(), name != null);
    if (method.equals("OPTIONS")) {
      return ActionResponse.of(204, null).withHeader("Allow", String.join(", ", allowed));
    }
    if (!(name == null ? ON_LIST : ON_FILE).contains(method)) {
      return ResponseWriter.problem(HttpVeto.methodNotAllowed(method + " is not supported on "
          + owner.mount().template() + "/{id}/files" + (name == null ? "" : "/{name}") + "; use "
          + String.join(", ", allowed), allowed));
    }
    String action = name == null ? "listFiles" : method.equals("PUT") ? "upload" : method.equals("DELETE") ? "deleteFile"
        : "download";
    outcome.path = owner.mount().resource() + "." + action;
    outcome.action = action;
    // a download answers the file's own type; the other file actions answer JSON, as the five actions do
    ActionResponse unacceptable = action.equals("download") ? null : Acceptable.refusal(req, resp, req.getPathInfo());
    if (unacceptable != null) {
      return method.equals("PUT") ? refused(req, unacceptable) : unacceptable;
    }
    // the container hands on the first line of each: a download of the first of two ranges was one the client may
    // not have meant, and a write checked against the first of two dates ran although the second did not hold
    for (String single : action.equals("download") ? SINGLE : SINGLE.subList(2, SINGLE.size())) {
      ActionResponse repeated = RepeatedHeader.refusal(req, single, "");
      if (repeated != null) {
        return method.equals("PUT") ? refused(req, repeated) : repeated;
      }
    }
    ActionRequest.Builder request = ExtraRoutes.request(req, owner, requestId).id(owner.id());
    for (String header : HEADERS) {
      // If-None-Match is a list header; Range and the dates are single, for which the first line is the value
      String value = header.equals("If-None-Match") ? ExtraRoutes.listHeader(req, header) : req.getHeader(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    ActionResponse answer = owner.mount().endpoint().files(action, request, ExtraRoutes.input(req, null), name, req,
        resp);
    if (answer == null) {
      return ExtraRoutes.STREAMED;
    }
    return method.equals("PUT") && answer.status() >= 400 ? refused(req, answer) : answer;
  }

  /** A refused upload: what the client is still sending is read and dropped, or the connection closed after the answer. */
  private static ActionResponse refused(HttpServletRequest req, ActionResponse answer) {
    return BodyReader.worthDraining(req) && drain(req) ? answer : answer.withHeader("Connection", "close");
  }

  /** The item route of {@code item} when its controller serves files, else null. */
  private Router.Route filesOf(List<String> item) {
    Router.Route owner = app.router().match(item);
    return owner == null || owner.kind() != Router.Kind.ITEM || !owner.mount().endpoint().hasFiles() ? null : owner;
  }

  /**
   * The file name as the client sent it. The servlet's path drops what follows a {@code ;} in a segment (a path
   * parameter), so {@code a;b.txt} read as {@code a}, and {@code a;c.txt} replaced that same file: the name is read
   * from the raw URI's last segment instead whenever it holds a {@code ;}.
   */
  static String fileName(HttpServletRequest req, String decoded) {
    String raw = req.getRequestURI();
    if (raw == null) {
      return decoded;
    }
    if (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    String segment = raw.substring(raw.lastIndexOf('/') + 1);
    return segment.indexOf(';') < 0 ? decoded : percentDecoded(segment);
  }

  /** A path segment with its %XX escapes decoded as UTF-8 ({@code +} stays a plus, as it does in a path). */
  private static String percentDecoded(String segment) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      int high = c == '%' && i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
      if (low >= 0) {
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Reads and drops the rest of a refused upload; false when there was too much of it to wait for. */
  private static boolean drain(HttpServletRequest req) {
    try (InputStream in = req.getInputStream()) {
      return BodyReader.drain(req, in);
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }
}
