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
  private static final List<String> ON_FILE = List.of("GET", "HEAD", "PUT", "DELETE");
  private static final List<String> ON_LIST = List.of("GET", "HEAD");
  /** The request headers the file actions read, besides {@code If-Match}. */
  private static final List<String> HEADERS = List.of("If-None-Match", "If-Modified-Since", "Range", "If-Range");

  private final ServedApplication app;

  FileRoutes(ServedApplication app) {
    this.app = app;
  }

  ActionResponse dispatch(HttpServletRequest req, HttpServletResponse resp, String method, List<String> segments,
      Router.Route route, String requestId, TraceReporter.Outcome outcome) throws IOException {
    int size = segments.size();
    String name;
    List<String> item;
    if (route != null) {
      return null;
    } else if (size >= 3 && segments.get(size - 1).equals(SEGMENT)) {
      name = null;
      item = segments.subList(0, size - 1);
    } else if (size >= 4 && segments.get(size - 2).equals(SEGMENT)) {
      name = segments.get(size - 1);
      item = segments.subList(0, size - 2);
    } else {
      return null;
    }
    Router.Route owner = app.router().match(item);
    if (owner == null || owner.kind() != Router.Kind.ITEM || !owner.mount().endpoint().hasFiles()) {
      return null;
    }
    List<String> allowed = name == null ? ON_LIST : ON_FILE;
    if (method.equals("OPTIONS")) {
      return ActionResponse.of(204, null).withHeader("Allow", String.join(", ", allowed));
    }
    if (!allowed.contains(method)) {
      return ResponseWriter.problem(HttpVeto.methodNotAllowed(method + " is not supported on "
          + owner.mount().template() + "/{id}/files" + (name == null ? "" : "/{name}") + "; use "
          + String.join(", ", allowed), allowed));
    }
    String action = name == null ? "listFiles" : method.equals("PUT") ? "upload" : method.equals("DELETE") ? "deleteFile"
        : "download";
    outcome.path = owner.mount().resource() + "." + action;
    outcome.action = action;
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
    if (method.equals("PUT") && answer.status() >= 400) {
      return BodyReader.worthDraining(req) && drain(req) ? answer : answer.withHeader("Connection", "close");
    }
    return answer;
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
