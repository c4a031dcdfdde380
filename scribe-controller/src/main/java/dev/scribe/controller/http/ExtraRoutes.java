package dev.scribe.controller.http;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ActionScope;
import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.controller.http.codec.QueryString;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.internal.request.VaryHeader;
import dev.scribe.core.Veto;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes beyond the five actions, tried before them: file attachments ({@link FileRoutes}), exports ({@code GET /tasks.csv}, or
 * {@code GET /tasks} with {@code Accept: text/csv}), imports ({@link ImportRoutes}), custom actions ({@code POST /tasks/find},
 * {@code POST /tasks/{id}/complete}). Answers null for every other request, which the five actions serve.
 */
final class ExtraRoutes {
  /** What a route that wrote its own response answers. */
  static final ActionResponse STREAMED = ActionResponse.of(200, null);

  private final ServedApplication app;
  private final BodyReader bodies;
  private final ImportRoutes imports;
  private final FileRoutes files;

  ExtraRoutes(ServedApplication app, BodyReader bodies) {
    this.app = app;
    this.bodies = bodies;
    this.imports = new ImportRoutes(app);
    this.files = new FileRoutes(app);
  }

  /** Closes the import jobs: the servlet is taken out of service. */
  void close() {
    imports.close();
  }

  ActionResponse dispatch(HttpServletRequest req, HttpServletResponse resp, String method, List<String> segments,
      Router.Route route, String requestId, TraceReporter.Outcome outcome) throws IOException {
    ActionResponse filed = files.dispatch(req, resp, method, segments, route, requestId, outcome);
    if (filed != null) {
      return filed;
    }
    ActionResponse imported = imports.dispatch(req, resp, method, segments, route, requestId, outcome);
    if (imported != null) {
      return imported;
    }
    if (method.equals("GET") || method.equals("HEAD")) {
      ActionResponse exported = export(req, resp, segments, route, requestId, outcome);
      if (exported != null) {
        return exported;
      }
    } else if (route == null) {
      ExportFormat format = suffixFormat(segments);
      if (format != null && exportCollection(segments) != null) {
        // an export URL is read only: say so, rather than a 404 that denies the URL a GET answers
        if (method.equals("OPTIONS")) {
          return ActionResponse.of(204, null).withHeader("Allow", "GET, HEAD");
        }
        return ResponseWriter.problem(HttpVeto.methodNotAllowed(method + " is not supported on " + req.getPathInfo()
            + ", an export of " + exportCollection(segments).mount().resource() + " as " + format.suffix()
            + "; use GET", List.of("GET", "HEAD")));
      }
    }
    if (!method.equals("POST") && route == null && segments.size() >= 3) {
      Router.Route item = app.router().match(segments.subList(0, segments.size() - 1));
      String name = segments.get(segments.size() - 1);
      if (item != null && item.kind() == Router.Kind.ITEM && item.mount().endpoint().hasAction(name, ActionScope.ITEM)) {
        if (method.equals("OPTIONS")) {
          return ActionResponse.of(204, null).withHeader("Allow", "POST");
        }
        return ResponseWriter.problem(HttpVeto.methodNotAllowed(method + " is not supported on " + req.getPathInfo()
            + ", the action " + name + " of " + item.mount().resource() + "; use POST", List.of("POST")));
      }
    }
    if (method.equals("POST")) {
      if (route != null && route.kind() == Router.Kind.ITEM) {
        if (route.mount().endpoint().hasAction(route.id(), ActionScope.COLLECTION)) {
          return custom(req, resp, route, null, route.id(), ActionScope.COLLECTION, requestId, outcome);
        }
      }
      if (route == null && segments.size() >= 3) {
        Router.Route item = app.router().match(segments.subList(0, segments.size() - 1));
        if (item != null && item.kind() == Router.Kind.ITEM) {
          String name = segments.get(segments.size() - 1);
          if (item.mount().endpoint().hasAction(name, ActionScope.ITEM)) {
            return custom(req, resp, item, item.id(), name, ActionScope.ITEM, requestId, outcome);
          }
        }
      }
    }
    return null;
  }

  /** {@code GET /tasks.csv} or {@code GET /tasks} with {@code Accept: text/csv}: an export of the index. */
  private ActionResponse export(HttpServletRequest req, HttpServletResponse resp, List<String> segments,
      Router.Route route, String requestId, TraceReporter.Outcome outcome) throws IOException {
    ExportFormat format = null;
    Router.Route collection = null;
    boolean headerRow = true;
    if (route == null) {
      format = suffixFormat(segments);
      collection = format == null ? null : exportCollection(segments);
    } else if (route.kind() == Router.Kind.COLLECTION) {
      String accept = req.getHeader("Accept");
      format = ExportFormat.byAccept(accept);
      collection = route;
      // the answer at this URL depends on Accept: a page of JSON or an export
      VaryHeader.add(resp, "Accept");
      if (format == ExportFormat.CSV) {
        // RFC 4180's text/csv; header=absent asks for the rows only; the suffix form (/tasks.csv) keeps its header
        headerRow = !CsvHeaderParameter.absent(CsvHeaderParameter.of(accept));
      } else if (format == null && !Acceptable.json(accept)) {
        // a CSV range whose header value no export has was passed over; with no other range to answer, say why
        String unknown = CsvHeaderParameter.unknown(accept);
        if (unknown != null) {
          return ResponseWriter.problem(new Veto(406, CsvHeaderParameter.refusal(accept, unknown)));
        }
      }
    }
    if (format == null || collection == null || collection.kind() != Router.Kind.COLLECTION) {
      return null;
    }
    Mount mount = collection.mount();
    outcome.path = mount.resource() + ".export";
    outcome.action = "export";
    ActionResponse failed = mount.endpoint().export(request(req, collection, requestId), input(req, null), format,
        headerRow, resp, app.json());
    return failed != null ? failed : STREAMED;
  }

  /** The export format a URL's last segment names by its suffix ({@code tasks.csv}), or null. */
  private static ExportFormat suffixFormat(List<String> segments) {
    if (segments.isEmpty()) {
      return null;
    }
    String last = segments.get(segments.size() - 1);
    int dot = last.lastIndexOf('.');
    return dot > 0 ? ExportFormat.bySuffix(last.substring(dot + 1)) : null;
  }

  /** The collection an export URL ({@code /tasks.csv}, {@code /tasks/7/subtasks.csv}) exports, or null. */
  private Router.Route exportCollection(List<String> segments) {
    String last = segments.get(segments.size() - 1);
    List<String> stripped = new ArrayList<>(segments.subList(0, segments.size() - 1));
    stripped.add(last.substring(0, last.lastIndexOf('.')));
    Router.Route collection = app.router().match(stripped);
    return collection != null && collection.kind() == Router.Kind.COLLECTION ? collection : null;
  }

  private ActionResponse custom(HttpServletRequest req, HttpServletResponse resp, Router.Route route, String id,
      String name, ActionScope scope, String requestId, TraceReporter.Outcome outcome) throws IOException {
    Mount mount = route.mount();
    outcome.path = mount.resource() + "." + name;
    outcome.action = name;
    ActionResponse unacceptable = Acceptable.refusal(req, resp, req.getPathInfo());
    if (unacceptable != null) {
      return unacceptable;
    }
    ActionRequest.Builder request = request(req, route, requestId).id(id);
    Veto withheld = ScribeServlet.withheldFor(req, mount, name, Callers.user(req));
    ActionResponse answer = mount.endpoint().runAction(name, scope, request,
        input(req, withheld != null ? RequestBody.refused(withheld) : bodies.read(req)), app.json());
    return withheld == null ? answer : answer.withHeader("Connection", "close");
  }

  /** The parsed query string, the body, if any, and whether the request is a read ({@code GET}, {@code HEAD}). */
  static ServedApplication.HttpInput input(HttpServletRequest req, RequestBody body) {
    return new ServedApplication.HttpInput(QueryString.parse(req.getQueryString()), body,
        "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()));
  }

  /**
   * A list header as one value: repeated lines of {@code If-Match} or {@code If-None-Match} form one list
   * (RFC 9110, 5.3), so a second line is not lost.
   */
  static String listHeader(HttpServletRequest req, String name) {
    java.util.Enumeration<String> lines = req.getHeaders(name);
    if (lines == null || !lines.hasMoreElements()) {
      return null;
    }
    String first = lines.nextElement();
    if (!lines.hasMoreElements()) {
      return first;
    }
    StringBuilder joined = new StringBuilder(first);
    while (lines.hasMoreElements()) {
      joined.append(", ").append(lines.nextElement());
    }
    return joined.toString();
  }

  /** The conditional-request headers the actions read. */
  private static final List<String> CONDITIONAL_HEADERS = List.of("If-Match", "If-None-Match");

  /** The request as the actions see it: resource, caller, collection URL, parent, If-Match, If-None-Match. */
  static ActionRequest.Builder request(HttpServletRequest req, Router.Route route, String requestId) {
    Mount mount = route.mount();
    String base = req.getContextPath() + (req.getServletPath() == null ? "" : req.getServletPath());
    ActionRequest.Builder request = ActionRequest.builder()
        .resource(mount.resource())
        .user(Callers.user(req))
        .collectionUri(base + route.collectionPath())
        .requestId(requestId);
    for (String name : CONDITIONAL_HEADERS) {
      String value = listHeader(req, name);
      if (value != null) {
        request.header(name, value);
      }
    }
    if (mount.parent() != null) {
      request.parent(mount.parentAttribute(), route.parentId());
    }
    return request;
  }
}
