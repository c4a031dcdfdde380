package dev.scribe.controller.internal.console;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ConsoleOptions;
import dev.scribe.controller.RecordedRequest;
import dev.scribe.controller.RequestRecorder;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.http.ServedApplication;
import dev.scribe.controller.http.codec.QueryString;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.request.MethodCase;
import dev.scribe.controller.internal.request.JsonAccept;
import dev.scribe.controller.internal.request.VaryHeader;
import dev.scribe.controller.internal.request.NotModified;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Trace;
import dev.scribe.core.User;
import dev.scribe.controller.auth.AuthenticationException;
import dev.scribe.core.Veto;
import dev.scribe.core.internal.trace.TraceValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Serves the console under {@value #PREFIX}: the page, the event catalogue, the recorded requests as
 * JSON; and records the application's other requests into its {@link RequestRecorder}.
 */
public final class Console implements ServedApplication.Console {
  static final String PREFIX = "/_scribe";
  static final String PAGE_RESOURCE = "/dev/scribe/controller/console.html";
  private static final String REQUESTS = PREFIX + "/requests";
  private final RestApplication app;
  private final ConsoleOptions options;
  private final RequestRecorder recorder;
  private final ConsolePage page;

  public Console(RestApplication app, ConsoleOptions options) {
    if (!app.scribe().tracing()) {
      throw new ConfigurationException("the console records the handler runs of each request from the kernel's"
          + " trace, which is off; build Scribe with Scribe.builder().trace(true) or leave the console disabled");
    }
    this.app = app;
    this.options = options;
    this.recorder = ControllerAccess.root().recorder(options.capacity(), options.maxEntries());
    this.page = new ConsolePage(PAGE_RESOURCE, resource(PAGE_RESOURCE));
  }

  public RequestRecorder recorder() {
    return recorder;
  }

  /** True for the console's own URLs. */
  @Override
  public boolean serves(String urlPath) {
    return urlPath.equals(PREFIX) || urlPath.startsWith(PREFIX + "/");
  }

  @Override
  public boolean records(String urlPath) {
    return ControllerAccess.root().records(options, urlPath);
  }

  @Override
  public void prepare(Trace trace) {
    if (trace != null) {
      trace.limit(options.maxEntries()).recordValues(true);
    }
  }

  @Override
  public void record(HttpServletRequest req, String urlPath, int status, String path, String action, String requestId,
      long timeMillis, long startNanos, Trace trace) {
    ControllerAccess.root().record(recorder, requestId, timeMillis, req.getMethod(), urlPath, maskedQuery(req.getQueryString()), status,
        startNanos, System.nanoTime() - startNanos, path, action, trace);
  }

  private static boolean isPage(String urlPath) {
    return urlPath.equals(PREFIX + "/") || urlPath.equals(PREFIX + "/index.html");
  }

  /**
   * The query string with the values of secret-looking parameters masked, by the rules of the trace's values:
   * by name, decoded first ({@code password}, {@code api key}, {@code pass%77ord} alike), and by value
   * ({@code x=Bearer%20...}: a credential whatever its name).
   */
  static String maskedQuery(String query) {
    if (query == null) {
      return null;
    }
    StringBuilder masked = new StringBuilder(query.length());
    String[] parameters = query.split("&", -1);
    for (int i = 0; i < parameters.length; i++) {
      String parameter = parameters[i];
      if (i > 0) {
        masked.append('&');
      }
      int equals = parameter.indexOf('=');
      if (equals < 0) {
        masked.append(parameter);
        continue;
      }
      String name = parameter.substring(0, equals);
      boolean secret = TraceValues.secret(decoded(name)) || TraceValues.credential(decoded(parameter.substring(equals + 1)));
      masked.append(secret ? name + "=***" : parameter);
    }
    return masked.toString();
  }

  /** The decoded text of a query's name or value; as written when it is not well-formed percent-encoding. */
  private static String decoded(String text) {
    try {
      return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  @Override
  public void serve(HttpServletRequest req, HttpServletResponse resp, String url,
      Function<HttpServletRequest, Object> caller) throws IOException {
    // a trailing slash names the same URL, as on the application's routes (the page's own URL ends in one)
    String urlPath = url.length() > PREFIX.length() + 1 && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    // The page itself holds no data: behind a role it is served to anyone, asks for a sign-in, and its
    // requests for the catalogue and the recorded requests carry the token. So is the redirect to it from
    // /_scribe, the URL people type.
    if (ControllerAccess.root().role(options) != null && !isPage(urlPath) && !urlPath.equals(PREFIX)) {
      // what is answered depends on the credentials: a cache must not give an admin's answer to anyone else
      VaryHeader.add(resp, "Authorization");
      // OPTIONS shows no data: as on the resource routes, it needs no user, only credentials that identify one
      // when sent, and then the access rule below
      Veto refused = refusal(req, caller, !req.getMethod().equals("OPTIONS"));
      if (refused != null) {
        problem(resp, refused);
        return;
      }
    }
    Predicate<HttpServletRequest> access = ControllerAccess.root().access(options);
    if (!access.test(req)) {
      problem(resp, new Veto(403, "the console at " + PREFIX + "/ is restricted; this request is not allowed by"
          + " the console's access rule"));
      return;
    }
    if (!isConsoleUrl(urlPath)) {
      // whatever the method: an OPTIONS answered GET, HEAD and a DELETE a 405 for a URL whose GET is a 404
      problem(resp, new Veto(404, "nothing at " + urlPath + "; the console serves " + PREFIX + "/, "
          + RestApplication.EVENTS_PATH + ", " + REQUESTS + " and " + REQUESTS + "/{id}"));
      return;
    }
    String method = req.getMethod();
    if (method.equals("OPTIONS")) {
      // as on every route of the API: OPTIONS writes nothing, it asks what the URL serves
      resp.setStatus(204);
      resp.setHeader("Allow", "GET, HEAD");
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      problem(resp, HttpVeto.methodNotAllowed(method + " is not supported on " + urlPath + "; the console is"
          + " read-only" + MethodCase.hint(method), List.of("GET", "HEAD")));
      return;
    }
    if (urlPath.equals(PREFIX)) {
      resp.setStatus(302);
      resp.setHeader("Location", req.getRequestURI() + "/");
      return;
    }
    if (isPage(urlPath)) {
      if (tagged(req, resp, urlPath)) {
        return;
      }
      resp.setHeader("Content-Security-Policy", page.policy());
      resp.setHeader("X-Frame-Options", "DENY");
      resp.setHeader("Referrer-Policy", "no-referrer");
      send(req, resp, 200, "text/html; charset=utf-8", page.bytes());
      return;
    }
    // the reads below are JSON, or a 406 for a client that takes none: either way chosen by Accept
    VaryHeader.add(resp, "Accept");
    String accept = req.getHeader("Accept");
    if (!JsonAccept.admits(accept)) {
      // the reads below answer JSON: a client whose Accept admits none is told so, as by the actions, rather than
      // sent a body it said it cannot read
      problem(resp, new Veto(406, JsonAccept.refusal(accept, urlPath)));
      return;
    }
    if (urlPath.equals(RestApplication.EVENTS_PATH)) {
      if (!refused(req, resp, "GET " + urlPath, List.of()) && !tagged(req, resp, urlPath)) {
        json(req, resp, 200, Introspection.toJson(app.describeManagers()));
      }
      return;
    }
    if (urlPath.equals(REQUESTS) || urlPath.equals(REQUESTS + "/")) {
      if (refused(req, resp, "GET " + REQUESTS, RequestQuery.PARAMETERS)) {
        return;
      }
      Object list;
      try {
        list = RequestQuery.list(req, recorder);
      } catch (Veto veto) {
        problem(resp, veto);
        return;
      }
      if (!tagged(req, resp, urlPath)) {
        json(req, resp, 200, list);
      }
      return;
    }
    if (urlPath.startsWith(REQUESTS + "/")) {
      String id = urlPath.substring(REQUESTS.length() + 1);
      Optional<RecordedRequest> request = recorder.find(id);
      if (request.isEmpty()) {
        problem(resp, new Veto(404, "no recorded request with id '" + id + "'; the console keeps the last "
            + recorder.capacity() + " requests, listed at " + REQUESTS));
        return;
      }
      if (refused(req, resp, "GET " + REQUESTS + "/{id}", List.of("download"))) {
        return;
      }
      boolean download;
      try {
        download = download(req.getParameterValues("download"));
      } catch (Veto veto) {
        problem(resp, veto);
        return;
      }
      if (tagged(req, resp, urlPath)) {
        return;
      }
      if (download) {
        resp.setHeader("Content-Disposition", "attachment; filename=\"scribe-request-" + id + ".json\"");
      }
      json(req, resp, 200, ConsoleJson.detail(request.get()));
      return;
    }
    throw new IllegalStateException("the console does not serve " + urlPath);
  }

  /**
   * Whether {@code ?download} asks for an attachment: {@code 1} or {@code true} does, {@code 0} or {@code false}
   * (or none) does not; another value, or the parameter given twice, is a 400 rather than a download that
   * {@code download=false} asked not to get.
   */
  private static boolean download(String[] values) {
    if (values == null) {
      return false;
    }
    if (values.length > 1) {
      throw new Veto(400, "query parameter 'download' is given " + values.length + " times; give it once: 1 or true"
          + " to download the request as a file, 0 or false (or leave it out) to read it in place");
    }
    return switch (values[0]) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw new Veto(400, "query parameter 'download' is '" + values[0] + "'; use 1 or true to download the"
          + " request as a file, 0 or false (or leave it out) to read it in place");
    };
  }

  /** Whether {@code urlPath} is one of the console's URLs: the page, its redirect, the catalogue, the requests. */
  private static boolean isConsoleUrl(String urlPath) {
    if (urlPath.startsWith(REQUESTS + "/") && urlPath.length() > REQUESTS.length() + 1) {
      return urlPath.indexOf('/', REQUESTS.length() + 1) < 0;
    }
    return urlPath.equals(PREFIX) || isPage(urlPath) || urlPath.equals(RestApplication.EVENTS_PATH)
        || urlPath.equals(REQUESTS) || urlPath.equals(REQUESTS + "/");
  }

  /** Why the caller may not use the console, or null when it has the required role. */
  /**
   * True when the request was answered 400 for a query parameter the JSON route does not read (the page, which a
   * browser opens, is left to its script).
   */
  private boolean refused(HttpServletRequest req, HttpServletResponse resp, String route, List<String> reads)
      throws IOException {
    try {
      QueryString.refuseUnread(req.getQueryString(), route, reads);
      return false;
    } catch (Veto veto) {
      problem(resp, veto);
      return true;
    }
  }

  /**
   * True when the request was answered 412 for an If-Match that names a tag: no answer of the console has one, so
   * the condition cannot hold (RFC 9110, 13.1.1), as on every other read without a tag; or 304 for If-None-Match: *. Asked once the read would
   * answer 200, after its own refusals.
   */
  private boolean tagged(HttpServletRequest req, HttpServletResponse resp, String urlPath) throws IOException {
    Veto refused = NotModified.taggedIfMatch(req.getHeader("If-Match"), urlPath);
    if (refused != null) {
      problem(resp, refused);
      return true;
    }
    if (NotModified.star(req.getHeader("If-None-Match"))) {
      // nor does If-None-Match: * hold, there being a representation (RFC 9110, 13.1.2): a 304 without a body
      resp.setStatus(304);
      return true;
    }
    return false;
  }

  /**
   * Why the caller may not read what the console serves, or null: credentials that identify nobody, and with
   * {@code needsRole} no user or one without the console's role.
   */
  private Veto refusal(HttpServletRequest req, Function<HttpServletRequest, Object> caller, boolean needsRole) {
    Object user;
    try {
      user = caller.apply(req);
    } catch (Veto invalid) {
      // credentials that identify nobody: answered as on every other route, with the challenge a 401 needs
      // a malformed bearer header is a 400 with its own challenge (RFC 6750, 3.1)
      boolean challenged = invalid.status() == 401 || invalid instanceof AuthenticationException;
      return !challenged || invalid instanceof HttpVeto ? invalid : new HttpVeto(invalid.status(), invalid.getMessage(),
          Map.of("WWW-Authenticate", AuthenticationException.challengeOf(invalid)));
    } catch (RuntimeException failed) {
      // the caller could not be checked for want of the database, which says nothing against its credentials:
      // a 503 with Retry-After, as the application's routes answer it, not a 500 the console's page cannot retry
      Problems.Failure unavailable = Problems.unavailable(failed);
      if (unavailable == null) {
        throw failed;
      }
      return new HttpVeto(503, String.valueOf(unavailable.body().get("detail")), unavailable.headers());
    }
    if (!needsRole) {
      return null;
    }
    if (user == null) {
      return new HttpVeto(401, "the console at " + PREFIX + "/ needs a signed-in user with the role '" + ControllerAccess.root().role(options)
          + "'; send credentials", Map.of("WWW-Authenticate", "Bearer realm=\"scribe\""));
    }
    if (!(user instanceof User) || !((User) user).hasRole(ControllerAccess.root().role(options))) {
      return new Veto(403, "the console at " + PREFIX + "/ needs the role '" + ControllerAccess.root().role(options) + "', which this user"
          + " does not have");
    }
    return null;
  }

  private void json(HttpServletRequest req, HttpServletResponse resp, int status, Object body) throws IOException {
    send(req, resp, status, ActionResponse.JSON, ControllerAccess.root().json(app).write(body));
  }

  private void problem(HttpServletResponse resp, Veto veto) throws IOException {
    if (veto instanceof HttpVeto) {
      ((HttpVeto) veto).headers().forEach(resp::setHeader);
    }
    byte[] bytes = ControllerAccess.root().json(app).write(Problems.body(veto));
    resp.setStatus(veto.status());
    resp.setContentType(ActionResponse.PROBLEM_JSON);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setContentLength(bytes.length);
    try (OutputStream out = resp.getOutputStream()) {
      out.write(bytes);
    }
  }

  private static void send(HttpServletRequest req, HttpServletResponse resp, int status, String contentType,
      byte[] bytes) throws IOException {
    resp.setStatus(status);
    resp.setContentType(contentType);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setContentLength(bytes.length);
    if (!req.getMethod().equals("HEAD")) {
      try (OutputStream out = resp.getOutputStream()) {
        out.write(bytes);
      }
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = Console.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ConfigurationException("the console page " + name + " is missing from the classpath;"
            + " scribe-controller's jar is incomplete");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
