package dev.scribe.controller.http;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ActionScope;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.TraceOptions;
import dev.scribe.controller.http.codec.QueryString;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.request.MethodCase;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceScope;
import dev.scribe.controller.auth.AuthenticationException;
import dev.scribe.controller.internal.request.NotModified;
import dev.scribe.controller.internal.request.VaryHeader;
import dev.scribe.core.Veto;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP binding: matches the URL against the routing table, maps the method to an action, runs the
 * action and writes its response. Unknown URLs are 404 and unsupported methods 405 with {@code Allow};
 * every other answer comes from the controller. It keeps the request and the response and hands the rest
 * to their own roles: the body within its limit to {@link BodyReader}, the caller to {@link Callers},
 * trace headers and the log line to {@link TraceReporter}, problems and the JSON body to
 * {@link ResponseWriter}.
 */
public final class ScribeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient ServedApplication app;
  private final transient ExtraRoutes extraRoutes;
  private final transient BodyReader bodies;
  private final transient TraceReporter tracing;
  private final transient ResponseWriter responses;

  /** The servlet of {@code app}; internal, for {@link dev.scribe.controller.RestApplication#servlet()}. */
  public ScribeServlet(ServedApplication app) {
    this.app = app;
    this.bodies = new BodyReader(app.maxBodyBytes());
    this.tracing = new TraceReporter(app.trace());
    this.responses = new ResponseWriter(app.json());
    this.extraRoutes = new ExtraRoutes(app, bodies);
  }

  @Override
  public void init() throws ServletException {
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new ServletException("the application did not start: an onStart handler failed: " + e.getMessage(), e);
    }
  }

  /** Lets go of what the import jobs hold on disk: the server is stopping (see {@code ImportJobs.close}). */
  @Override
  public void destroy() {
    extraRoutes.close();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long start = System.nanoTime();
    String requestId = Problems.newRequestId();
    String urlPath = req.getPathInfo() == null ? "/" : req.getPathInfo();
    ServedApplication.Console console = app.console();
    if (console != null && console.serves(urlPath)) {
      console.serve(req, resp, urlPath, this::authenticate);
      return;
    }
    boolean recorded = console != null && console.records(urlPath);
    boolean traced = app.trace().traces(urlPath);
    TraceReporter.Outcome outcome = new TraceReporter.Outcome();
    ActionResponse response;
    Trace trace = null;
    long arrived = recorded ? System.currentTimeMillis() : 0;
    try (TraceScope scope = traced || recorded ? app.scribe().openTrace() : null) {
      if (recorded) {
        console.prepare(scope.trace());
      }
      try {
        response = dispatch(req, resp, urlPath, requestId, outcome);
      } catch (BodyCollector.Pending pending) {
        // checked all that needs no body; the body is read as it arrives and the request handled again after it
        response = null;
      } catch (Veto refused) {
        response = problem(refused);
      } catch (RuntimeException | StackOverflowError e) {
        response = ResponseWriter.failure(req, urlPath, requestId, e);
      }
      response = response == null ? null : MethodCase.hinted(req.getMethod(), ResponseWriter.asAnswerTo(req, response));
      trace = scope == null ? null : scope.trace();
    }
    if (response == null) {
      BodyCollector.collect(req, app.maxBodyBytes());
      return;
    }
    if (traced) {
      response = tracing.report(req, urlPath, response, outcome, trace, requestId, System.nanoTime() - start);
    }
    if (!recorded) {
      responses.write(req, resp, response, requestId);
      LingeringClose.after(req, resp);
      return;
    }
    if (!response.headers().containsKey(TraceOptions.Item.REQUEST_ID.header())) {
      // The id under which the console lists this request.
      response = response.withHeader(TraceOptions.Item.REQUEST_ID.header(), requestId);
    }
    // Recorded before the answer is sent, so that a client that has its answer finds the request in the console.
    console.record(req, urlPath, response.status(), outcome.path, outcome.action, requestId, arrived, start, trace);
    responses.write(req, resp, response, requestId);
    LingeringClose.after(req, resp);
  }

  private ActionResponse dispatch(HttpServletRequest req, HttpServletResponse resp, String urlPath, String requestId,
      TraceReporter.Outcome outcome) throws IOException {
    // as sent: method names are case-sensitive, and "get" is a method no route serves (MethodCase)
    String method = req.getMethod();
    ActionResponse parameters = pathParameters(req);
    if (parameters != null) {
      return parameters;
    }
    Map<String, Object> catalogue = urlPath.equals(RestApplication.EVENTS_PATH) ? app.introspection() : null;
    if (catalogue != null) {
      if (method.equals("OPTIONS")) {
        return ActionResponse.of(204, null).withHeader("Allow", "GET, HEAD"); // as every route answers it
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        return problem(HttpVeto.methodNotAllowed(method + " is not supported on " + urlPath + "; it is read-only",
            List.of("GET", "HEAD")));
      }
      // the catalogue is JSON, as the console's copy of it: a client that takes none is told so
      ActionResponse unacceptable = Acceptable.refusal(req, resp, urlPath);
      if (unacceptable != null) {
        return unacceptable;
      }
      QueryString.refuseUnread(req.getQueryString(), "GET " + urlPath, List.of());
      // the catalogue has no ETag: an If-Match naming a tag is a 412, as on every other read without one
      Veto tagged = NotModified.taggedIfMatch(req.getHeader("If-Match"), urlPath);
      if (tagged != null) {
        return problem(tagged);
      }
      // nor does If-None-Match: * hold, there being a representation (RFC 9110, 13.1.2)
      return NotModified.star(req.getHeader("If-None-Match")) ? ActionResponse.of(304, null)
          : ActionResponse.of(200, catalogue);
    }
    if (app.authenticator() != null) {
      // The same URL answers each caller what that caller may see: a cache that kept an anonymous answer
      // must not give it to a request that carries credentials. Set before anything is refused, so that the
      // refusals of the credentials themselves (401, 400) and of the headers before them carry it too.
      VaryHeader.add(resp, "Authorization");
    }
    ActionResponse encoded = ContentCoding.refusal(req);
    if (encoded != null) {
      return encoded;
    }
    ActionResponse typed = SingleContentType.refusal(req);
    if (typed != null) {
      return typed;
    }
    Object user;
    try {
      user = authenticate(req);
    } catch (Veto refused) {
      // An AuthenticationException, or a veto of the application's own authenticator (a disabled account's
      // 403): answered with its status, as the console answers it, not as a failure of the server.
      if (!opensSession(urlPath)) {
        // a malformed bearer header is a 400 with its own challenge (RFC 6750, 3.1)
        boolean challenged = refused.status() == 401 || refused instanceof AuthenticationException;
        return problem(refused instanceof HttpVeto || !challenged ? refused : new HttpVeto(refused.status(),
            refused.getMessage(), Map.of("WWW-Authenticate", AuthenticationException.challengeOf(refused))));
      }
      // A client whose token expired logs in (or registers) again with the stale header still set: refusing it
      // with "log in again" would send it round in a circle. These routes need no caller, so it is anonymous.
      user = null;
    } catch (RuntimeException failed) {
      // the identity store could not answer: a 503 when its database is out of reach, logged as every 503 is
      return ResponseWriter.failure(req, urlPath, requestId, failed);
    }
    outcome.user = user;
    if (user != null) {
      // what one caller may read is not what another may: no cache keeps it (a route may set its own policy)
      resp.setHeader("Cache-Control", "no-store");
    }
    if (app.auth() != null && (urlPath.equals(RestApplication.AUTH_PATH) || urlPath.startsWith(RestApplication.AUTH_PATH + "/"))) {
      return auth(req, resp, method, urlPath, user, requestId, outcome);
    }
    List<String> segments = segments(urlPath);
    Router.Route route = segments == null ? null : app.router().match(segments);
    ActionResponse extra = segments == null ? null : extraRoutes.dispatch(req, resp, method, segments, route, requestId, outcome);
    if (extra != null) {
      return extra;
    }
    if (route == null) {
      return problem(new Veto(404, "no resource at " + urlPath + "; the resources are " + app.resources()));
    }
    Mount mount = route.mount();
    String action = action(method, route.kind());
    if (method.equals("OPTIONS")) {
      return ActionResponse.of(204, null).withHeader("Allow", String.join(", ", allowed(route)));
    }
    if (action == null) {
      String template = mount.template() + kindSuffix(route.kind());
      List<String> allowed = allowed(route);
      return problem(HttpVeto.methodNotAllowed(method + " is not supported on " + urlPath
          + (template.equals(urlPath) ? "" : " (" + template + ")") + "; use " + String.join(", ", allowed), allowed));
    }
    ActionResponse unacceptable = Acceptable.refusal(req, resp, urlPath);
    if (unacceptable != null) {
      return unacceptable;
    }
    outcome.path = mount.resource() + "." + action;
    outcome.action = action;
    ActionRequest.Builder request = ExtraRoutes.request(req, route, requestId).id(route.id())
        .replace(method.equals("PUT"));
    Veto withheld = hasBody(method) ? withheldFor(req, mount, action, user) : null;
    RequestBody body = withheld != null ? RequestBody.refused(withheld) : hasBody(method) ? bodies.read(req) : null;
    ActionResponse answer = mount.endpoint().run(action, request, ExtraRoutes.input(req, body),
        route.kind() == Router.Kind.COUNT, app.json());
    return withheld == null ? answer : answer.withHeader("Connection", "close");
  }

  /**
   * The refusal of the access options of {@code mount}'s {@code action} ({@code requiresUser}, {@code requiresRole})
   * when the client waits for {@code 100 Continue} before it sends the body, or null. The action is then run without
   * asking for the body: its access check refuses the caller first, as it does once a body has come (the body's own
   * refusals, a 413 or 415, come after it), and the refusal stands in for the body should the options change in
   * between. The connection closes after the answer, the body never having been read.
   */
  static Veto withheldFor(HttpServletRequest req, Mount mount, String action, Object user) {
    return BodyReader.awaitsContinue(req) ? mount.endpoint().accessRefusal(action, mount.resource(), user) : null;
  }

  /** The action a method asks for on a kind of URL ({@code index}, {@code store}, ...), or null for none. */
  private static String action(String method, Router.Kind kind) {
    switch (kind) {
      case COUNT:
        return method.equals("GET") || method.equals("HEAD") ? "index" : null;
      case COLLECTION:
        switch (method) {
          case "GET":
          case "HEAD":
            return "index";
          case "POST":
            return "store";
          case "PATCH":
            return "update";
          case "DELETE":
            return "destroy";
          default:
            return null;
        }
      case ITEM:
        switch (method) {
          case "GET":
          case "HEAD":
            return "show";
          case "PATCH":
          case "PUT":
            return "update";
          case "DELETE":
            return "destroy";
          default:
            return null;
        }
      default:
        return null;
    }
  }

  private static List<String> allowed(Router.Route route) {
    if (route.kind() == Router.Kind.COUNT) {
      return List.of("GET", "HEAD");
    }
    List<String> allowed = route.mount().endpoint().allowedMethods(route.mount().resource(), route.kind() == Router.Kind.ITEM);
    if (route.kind() == Router.Kind.ITEM && route.mount().endpoint().hasAction(route.id(), ActionScope.COLLECTION)) {
      // the URL of a collection action (/tasks/find) is an item's URL too: it serves the action's POST as well
      List<String> withPost = new java.util.ArrayList<>(allowed);
      int after = 0;
      while (after < withPost.size() && (withPost.get(after).equals("GET") || withPost.get(after).equals("HEAD"))) {
        after++;
      }
      withPost.add(after, "POST");
      return List.copyOf(withPost);
    }
    return allowed;
  }

  private static String kindSuffix(Router.Kind kind) {
    switch (kind) {
      case COUNT:
        return "/count";
      case ITEM:
        return "/{id}";
      default:
        return "";
    }
  }

  private static boolean hasBody(String method) {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE");
  }

  /**
   * A 404 for a URL with path parameters ({@code /tasks/4;v=1}): the servlet container drops them from the path
   * it hands on, so {@code /tasks/4;v=1} would reach task 4 under a second URL. A {@code ;} that is part of an
   * id arrives encoded ({@code %3B}), as the URLs the server writes encode it; a file's name may hold one as
   * written.
   */
  private static ActionResponse pathParameters(HttpServletRequest req) {
    String raw = req.getRequestURI();
    if (raw == null || raw.indexOf(';') < 0 || inFileName(raw)) {
      return null;
    }
    String mount = (req.getContextPath() == null ? "" : req.getContextPath())
        + (req.getServletPath() == null ? "" : req.getServletPath());
    String shown = raw.startsWith(mount) && raw.length() > mount.length() ? raw.substring(mount.length()) : raw;
    return problem(new Veto(404, "no resource at " + shown + "; the URLs of this API take no path parameters"
        + " (';' and what follows in a segment): leave them out, or write a ';' that is part of an id as %3B"));
  }

  /**
   * True when every {@code ;} of the raw path is in its last segment and that segment names a file
   * ({@code /tasks/3/files/a;b.txt}): a file's name is taken as written, {@code ;} included (docs/files.md).
   */
  private static boolean inFileName(String raw) {
    int files = raw.lastIndexOf("/files/");
    return files >= 0 && raw.indexOf(';') > files && raw.indexOf('/', files + "/files/".length()) < 0;
  }

  /** The path's segments, a trailing slash ignored; null when a segment is empty ({@code /tasks//3}). */
  private static List<String> segments(String urlPath) {
    String path = urlPath.endsWith("/") && urlPath.length() > 1 ? urlPath.substring(0, urlPath.length() - 1) : urlPath;
    List<String> segments = new ArrayList<>();
    if (path.equals("/")) {
      return segments;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty()) {
        return null;
      }
      segments.add(segment);
    }
    return segments;
  }

  /** True for {@code /auth/login} and {@code /auth/register}, which serve callers without a valid token. */
  private boolean opensSession(String urlPath) {
    if (app.auth() == null) {
      return false;
    }
    String path = urlPath.endsWith("/") ? urlPath.substring(0, urlPath.length() - 1) : urlPath;
    return path.equals(RestApplication.AUTH_PATH + "/login") || path.equals(RestApplication.AUTH_PATH + "/register");
  }

  /** {@code /auth/<action>}: the auth controller's routes. */
  private ActionResponse auth(HttpServletRequest req, HttpServletResponse resp, String method, String urlPath,
      Object user, String requestId, TraceReporter.Outcome outcome) throws IOException {
    String action = urlPath.length() <= RestApplication.AUTH_PATH.length() + 1 ? ""
        : urlPath.substring(RestApplication.AUTH_PATH.length() + 1);
    if (action.endsWith("/")) {
      action = action.substring(0, action.length() - 1);
    }
    outcome.path = "auth." + action;
    outcome.action = action;
    ActionResponse unacceptable = Acceptable.refusal(req, resp, urlPath);
    boolean read = hasBody(method) && !(BodyReader.expectsContinue(req) && refusedWithoutBody(req, method, action,
        unacceptable));
    RequestBody body = read ? bodies.read(req) : null;
    return app.auth().serve(method, action, urlPath, req.getQueryString(), body, user, req::getHeader,
        app.trustedProxies().clientOf(req), requestId, app.json(), unacceptable);
  }

  /** The auth routes that read a body: each is a POST. */
  private static final List<String> AUTH_BODY_ROUTES = List.of("register", "login", "logout");

  /**
   * Whether an auth route refuses the request before it reads the body: not a POST to one of the three that take
   * one (404, 405), an {@code Accept} without JSON (406), a query parameter or a condition (400). A client waiting
   * for {@code 100 Continue} is then answered without being asked for the body.
   */
  private static boolean refusedWithoutBody(HttpServletRequest req, String method, String action,
      ActionResponse unacceptable) {
    String query = req.getQueryString();
    return !method.equals("POST") || !AUTH_BODY_ROUTES.contains(action) || unacceptable != null
        || (query != null && !query.isEmpty()) || req.getHeader("If-Match") != null
        || req.getHeader("If-None-Match") != null;
  }

  private Object authenticate(HttpServletRequest req) {
    return Callers.authenticate(req, app.authenticator());
  }

  private static ActionResponse problem(Veto veto) {
    return ResponseWriter.problem(veto);
  }
}
