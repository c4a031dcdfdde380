package dev.scribe.controller;

import dev.scribe.controller.auth.AuthenticationException;
import dev.scribe.controller.auth.Authenticator;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceScope;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP binding: matches the URL against the routing table, maps the method to an action, reads the
 * body within the size limit, runs the action and writes its response, with trace headers and a log
 * line when tracing is on. Unknown URLs are 404 and unsupported methods 405 with {@code Allow}; every
 * other answer comes from the controller.
 */
final class ScribeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller");
  private static final Logger TRACE_LOG = LoggerFactory.getLogger("dev.scribe.controller.trace");
  /** Request attribute a filter may set to hand the user to handlers; the principal is used otherwise. */
  static final String USER_ATTRIBUTE = "dev.scribe.user";
  /** Request attribute holding the caller {@link #authenticate} found ({@link #ANONYMOUS} for none). */
  private static final String CALLER_ATTRIBUTE = "dev.scribe.caller";
  private static final Object ANONYMOUS = new Object();
  private static final int MAX_HANDLERS_HEADER = 4000;
  private static final long MAX_DRAINED_BYTES = 8L << 20;

  private final transient RestApplication app;
  private final transient ExtraRoutes extraRoutes;

  ScribeServlet(RestApplication app) {
    this.app = app;
    this.extraRoutes = new ExtraRoutes(app, this);
  }

  @Override
  public void init() throws ServletException {
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new ServletException("the application did not start: an onStart handler failed: " + e.getMessage(), e);
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long start = System.nanoTime();
    String requestId = ErrorResponder.newRequestId();
    String urlPath = req.getPathInfo() == null ? "/" : req.getPathInfo();
    boolean traced = app.trace().traces(urlPath);
    Outcome outcome = new Outcome();
    ActionResponse response;
    Trace trace = null;
    try (TraceScope scope = traced ? app.scribe().openTrace() : null) {
      try {
        response = dispatch(req, resp, urlPath, requestId, outcome);
      } catch (Veto refused) {
        response = problem(refused);
      } catch (RuntimeException | StackOverflowError e) {
        Problems.Failure unavailable = Problems.unavailable(e);
        if (unavailable != null) {
          LOG.warn("request {} ({} {}) answered 503: {}", requestId, req.getMethod(), urlPath, e.getMessage());
          response = ActionResponse.problem(503, unavailable.body()).withHeaders(unavailable.headers());
        } else {
          LOG.error("request {} ({} {}) failed", requestId, req.getMethod(), urlPath, e);
          response = ActionResponse.problem(500, Problems.internal(requestId));
        }
      }
      trace = scope == null ? null : scope.trace();
    }
    if (traced) {
      response = traced(req, urlPath, response, outcome, trace, requestId, System.nanoTime() - start);
    }
    write(req, resp, response, requestId);
  }

  private ActionResponse dispatch(HttpServletRequest req, HttpServletResponse resp, String urlPath, String requestId,
      Outcome outcome) throws IOException {
    String method = req.getMethod().toUpperCase(Locale.ROOT);
    if (app.introspection() && urlPath.equals(RestApplication.EVENTS_PATH)) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        return problem(HttpVeto.methodNotAllowed(method + " is not supported on " + urlPath + "; it is read-only",
            List.of("GET")));
      }
      return ActionResponse.of(200, Introspection.toJson(app.describeManagers()));
    }
    Object user;
    try {
      user = authenticate(req);
    } catch (AuthenticationException invalid) {
      return problem(new HttpVeto(401, invalid.getMessage(),
          Map.of("WWW-Authenticate", "Bearer realm=\"scribe\", error=\"invalid_token\"")));    } catch (RuntimeException failed) {
      Problems.Failure unavailable = Problems.unavailable(failed);
      if (unavailable == null) {
        throw failed;
      }
      return ActionResponse.problem(unavailable.status(), unavailable.body()).withHeaders(unavailable.headers());
    }
    outcome.user = user;
    if (app.auth() != null && (urlPath.equals(RestApplication.AUTH_PATH) || urlPath.startsWith(RestApplication.AUTH_PATH + "/"))) {
      return auth(req, method, urlPath, user, requestId, outcome);
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
    Action action = action(method, route.kind());
    if (method.equals("OPTIONS")) {
      return ActionResponse.of(204, null).withHeader("Allow", String.join(", ", allowed(route)));
    }
    if (action == null) {
      String template = mount.template() + kindSuffix(route.kind());
      List<String> allowed = allowed(route);
      return problem(HttpVeto.methodNotAllowed(method + " is not supported on " + urlPath
          + (template.equals(urlPath) ? "" : " (" + template + ")") + "; use " + String.join(", ", allowed), allowed));
    }
    outcome.path = mount.resource + "." + action.id;
    outcome.action = action.id;
    String base = req.getContextPath() + (req.getServletPath() == null ? "" : req.getServletPath());
    ActionRequest.Builder request = ActionRequest.builder()
        .resource(mount.resource)
        .id(route.id())
        .rawQuery(QueryString.parse(req.getQueryString()))
        .replace(method.equals("PUT"))
        .user(user)
        .collectionUri(base + route.collectionPath())
        .requestId(requestId);
    String ifMatch = req.getHeader("If-Match");
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    if (mount.parent != null) {
      request.parent(mount.parentAttribute, route.parentId());
    }
    if (hasBody(method)) {
      request.rawBody(readBody(req));
    }
    return mount.controller.run(action, request.build(), route.kind() == Router.Kind.COUNT, app.json());
  }

  private static Action action(String method, Router.Kind kind) {
    switch (kind) {
      case COUNT:
        return method.equals("GET") || method.equals("HEAD") ? Action.INDEX : null;
      case COLLECTION:
        switch (method) {
          case "GET":
          case "HEAD":
            return Action.INDEX;
          case "POST":
            return Action.STORE;
          case "PATCH":
            return Action.UPDATE;
          case "DELETE":
            return Action.DESTROY;
          default:
            return null;
        }
      case ITEM:
        switch (method) {
          case "GET":
          case "HEAD":
            return Action.SHOW;
          case "PATCH":
          case "PUT":
            return Action.UPDATE;
          case "DELETE":
            return Action.DESTROY;
          default:
            return null;
        }
      default:
        return null;
    }
  }

  private static List<String> allowed(Router.Route route) {
    if (route.kind() == Router.Kind.COUNT) {
      return List.of("GET");
    }
    return route.mount().controller.allowedMethods(route.mount().resource, route.kind() == Router.Kind.ITEM);
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

  RequestBody readBody(HttpServletRequest req) throws IOException {
    long limit = app.maxBodyBytes();
    long declared = req.getContentLengthLong();
    byte[] bytes;
    try (InputStream in = req.getInputStream()) {
      if (declared > limit) {
        return RequestBody.refused(tooLarge("the request body has " + declared + " bytes; the limit is " + limit
            + " bytes", in));
      }
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (bytes.length > limit) {
        return RequestBody.refused(tooLarge("the request body is larger than the limit of " + limit + " bytes", in));
      }
    }
    if (bytes.length == 0) {
      return RequestBody.of(bytes);
    }
    String contentType = req.getContentType();
    if (!isJson(contentType)) {
      return RequestBody.refused(new HttpVeto(415, contentType == null
          ? "the request has a body but no Content-Type; send it as application/json"
          : "Content-Type '" + contentType + "' is not supported; send the body as application/json",
          Map.of("Accept-Patch", "application/json", "Accept-Post", "application/json")));
    }
    return RequestBody.of(bytes);
  }

  /**
   * A 413 for a body over the limit. The rest of the body is read and dropped (up to
   * {@value #MAX_DRAINED_BYTES} bytes) so that the client, still sending, reads the answer; a larger body
   * closes the connection instead.
   */
  private static HttpVeto tooLarge(String message, InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long drained = 0;
    boolean complete = false;
    while (drained <= MAX_DRAINED_BYTES) {
      int n = in.read(buffer);
      if (n < 0) {
        complete = true;
        break;
      }
      drained += n;
    }
    return new HttpVeto(413, message, complete ? Map.of() : Map.of("Connection", "close"));
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
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

  /**
   * The caller of the request: the one {@link #authenticate} found; before that (or in a servlet that does not
   * authenticate), what a filter put under {@value #USER_ATTRIBUTE}, else the container's principal as a user
   * without roles.
   */
  static Object user(HttpServletRequest req) {
    Object caller = req.getAttribute(CALLER_ATTRIBUTE);
    if (caller != null) {
      return caller == ANONYMOUS ? null : caller;
    }
    Object user = req.getAttribute(USER_ATTRIBUTE);
    if (user != null) {
      return user;
    }
    Principal principal = req.getUserPrincipal();
    return principal == null ? null : new User(principal.getName(), principal.getName(), Set.of());
  }

  /**
   * Finds the caller once per request: what a filter put under {@value #USER_ATTRIBUTE}, else the application's
   * authenticator, else the container's principal; every route of the request then sees the same caller.
   */
  private Object authenticate(HttpServletRequest req) {
    Object user = req.getAttribute(USER_ATTRIBUTE);
    if (user == null) {
      Authenticator authenticator = app.authenticator();
      user = authenticator != null ? authenticator.authenticate(req) : user(req);
    }
    req.setAttribute(CALLER_ATTRIBUTE, user == null ? ANONYMOUS : user);
    return user;
  }

  /** {@code /auth/<action>}: the auth controller's routes. */
  private ActionResponse auth(HttpServletRequest req, String method, String urlPath, Object user, String requestId,
      Outcome outcome) throws IOException {
    String action = urlPath.length() <= RestApplication.AUTH_PATH.length() + 1 ? ""
        : urlPath.substring(RestApplication.AUTH_PATH.length() + 1);
    if (action.endsWith("/")) {
      action = action.substring(0, action.length() - 1);
    }
    outcome.path = "auth." + action;
    outcome.action = action;
    RequestBody body = hasBody(method) ? readBody(req) : null;
    AuthController.AuthCall call = new AuthController.AuthCall(body, user,
        AuthController.bearerToken(req.getHeader("Authorization")), req.getRemoteAddr(), requestId);
    return app.auth().serve(method, action, call, app.json());
  }

  private static ActionResponse problem(Veto veto) {
    ActionResponse response = ActionResponse.problem(veto.status(), Problems.body(veto));
    return veto instanceof HttpVeto ? response.withHeaders(((HttpVeto) veto).headers()) : response;
  }

  private ActionResponse traced(HttpServletRequest req, String urlPath, ActionResponse response, Outcome outcome,
      Trace trace, String requestId, long nanos) {
    TraceOptions options = app.trace();
    String duration = String.format(Locale.ROOT, "%.3fms", nanos / 1_000_000.0);
    List<String> handlers = trace == null ? null : trace.handlerNames();
    ActionResponse traced = response;
    if (options.sendsHeaders()) {
      if (options.has(TraceOptions.Item.REQUEST_ID)) {
        traced = traced.withHeader(TraceOptions.Item.REQUEST_ID.header(), requestId);
      }
      if (options.has(TraceOptions.Item.PATH) && outcome.path != null) {
        traced = traced.withHeader(TraceOptions.Item.PATH.header(), outcome.path);
      }
      if (options.has(TraceOptions.Item.ACTION) && outcome.action != null) {
        traced = traced.withHeader(TraceOptions.Item.ACTION.header(), outcome.action);
      }
      if (options.has(TraceOptions.Item.STATUS)) {
        traced = traced.withHeader(TraceOptions.Item.STATUS.header(), String.valueOf(response.status()));
      }
      if (options.has(TraceOptions.Item.HANDLERS) && handlers != null && !handlers.isEmpty()) {
        traced = traced.withHeader(TraceOptions.Item.HANDLERS.header(), handlersHeader(handlers));
      }
      if (options.has(TraceOptions.Item.DURATION)) {
        traced = traced.withHeader(TraceOptions.Item.DURATION.header(), duration);
      }
      if (options.has(TraceOptions.Item.USER) && outcome.user != null) {
        traced = traced.withHeader(TraceOptions.Item.USER.header(), userLabel(outcome.user));
      }
    }
    if (options.writesLog() && TRACE_LOG.isInfoEnabled()) {
      StringBuilder line = new StringBuilder();
      line.append(req.getMethod()).append(' ').append(urlPath);
      if (options.has(TraceOptions.Item.STATUS)) {
        line.append(" status=").append(response.status());
      }
      if (options.has(TraceOptions.Item.REQUEST_ID)) {
        line.append(" id=").append(requestId);
      }
      if (options.has(TraceOptions.Item.PATH) && outcome.path != null) {
        line.append(" path=").append(outcome.path);
      }
      if (options.has(TraceOptions.Item.ACTION) && outcome.action != null) {
        line.append(" action=").append(outcome.action);
      }
      if (options.has(TraceOptions.Item.DURATION)) {
        line.append(" duration=").append(duration);
      }
      if (options.has(TraceOptions.Item.USER) && outcome.user != null) {
        line.append(" user=").append(userLabel(outcome.user));
      }
      if (options.has(TraceOptions.Item.HANDLERS) && handlers != null) {
        line.append(" handlers=").append(handlers);
      }
      TRACE_LOG.info(line.toString());
    }
    return traced;
  }

  private static String handlersHeader(List<String> handlers) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < handlers.size(); i++) {
      String next = (i == 0 ? "" : ", ") + handlers.get(i);
      if (text.length() + next.length() > MAX_HANDLERS_HEADER) {
        text.append(", ...(+").append(handlers.size() - i).append(" more)");
        break;
      }
      text.append(next);
    }
    return text.toString();
  }

  private void write(HttpServletRequest req, HttpServletResponse resp, ActionResponse response, String requestId)
      throws IOException {
    if (resp.isCommitted()) {
      return; // streamed by the route itself (an export)
    }
    ActionResponse sent = response;
    byte[] bytes = null;
    if (response.body() != null) {
      try {
        bytes = app.json().write(response.body());
      } catch (RuntimeException e) {
        LOG.error("request {}: the response body of {} cannot be written as JSON", requestId, req.getRequestURI(), e);
        sent = ActionResponse.problem(500, Problems.internal(requestId));
        bytes = app.json().write(sent.body());
      }
    }
    resp.setStatus(sent.status());
    for (Map.Entry<String, String> header : sent.headers().entrySet()) {
      resp.setHeader(header.getKey(), header.getValue());
    }
    if (bytes == null) {
      return;
    }
    resp.setContentLength(bytes.length);
    if (!req.getMethod().equalsIgnoreCase("HEAD")) {
      try (OutputStream out = resp.getOutputStream()) {
        out.write(bytes);
      }
    }
  }

  /** The user as the trace shows it: {@code id (name)} for a {@link User}. */
  private static String userLabel(Object user) {
    if (user instanceof User) {
      User typed = (User) user;
      return typed.id().equals(typed.name()) ? typed.id() : typed.id() + " (" + typed.name() + ")";
    }
    return String.valueOf(user);
  }

  /** What the trace reports about the action that ran. */
  static final class Outcome {
    String path;
    String action;
    Object user;
  }
}
