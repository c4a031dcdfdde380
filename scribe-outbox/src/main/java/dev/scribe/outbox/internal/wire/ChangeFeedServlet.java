package dev.scribe.outbox.internal.wire;

import dev.scribe.core.Veto;
import dev.scribe.outbox.ChangeFeed;
import dev.scribe.outbox.ChangeMessage;
import dev.scribe.outbox.FeedAccess;
import dev.scribe.repository.DatabaseUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.scribe.core.User;
import dev.scribe.outbox.FeedLimits;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /_scribe/changes}: the change feed as Server-Sent Events, one {@code change} event per change
 * ({@code id} the event id, {@code data} the change as JSON with hidden fields left out), and a comment line
 * after 15 seconds without a write so that proxies keep the stream open. A stream holds no request thread while it
 * waits: the request is asynchronous, one dispatcher thread hands each change to every stream and each stream
 * writes without blocking (see {@link FeedStream}). At most {@link FeedLimits#maxStreams()} are served at once
 * (one more is a 503 with {@code Retry-After}) and {@link FeedLimits#maxStreamsPerCaller()} per identified caller
 * (a 429). Each stream shows what its {@link FeedAccess} lets the request's caller see; a caller it refuses gets 401.
 */
public final class ChangeFeedServlet extends HttpServlet implements AutoCloseable {
  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeedServlet.class);
  private static final String ALLOWED = "GET, HEAD, OPTIONS";

  private final transient ChangeFeed feed;
  private final transient FeedAccess access;
  private final transient FeedLimits limits;
  private final transient StreamSlots slots;
  private final int anonymousStreams;
  private final transient FeedDispatcher dispatcher;
  private volatile boolean closed;

  /** {@code anonymousStreams}: the streams without a caller, all together. */
  public ChangeFeedServlet(ChangeFeed feed, FeedAccess access, FeedLimits limits, int anonymousStreams) {
    this.feed = feed;
    this.access = access;
    this.limits = limits;
    this.anonymousStreams = anonymousStreams;
    this.slots = new StreamSlots(limits.maxStreams(), limits.maxStreamsPerCaller(), anonymousStreams);
    this.dispatcher = new FeedDispatcher(feed, access);
  }

  /** The event that ends the stream of a client that fell {@code bufferBytes} behind. */
  static String fellBehind(int bufferBytes) {
    return event("dropped", Map.of("detail", "this stream's client fell " + bufferBytes + " bytes of events behind"
        + " and the stream was closed; changes were missed: connect again and reload what you show"));
  }

  /** A Server-Sent Event named {@code name} whose data is {@code data} as JSON. */
  static String event(String name, Map<String, ?> data) {
    return "event: " + name + "\ndata: " + Json.write(data) + "\n\n";
  }

  /**
   * GET, HEAD and OPTIONS; every other method is a 405 naming them. HttpServlet's own answers would echo a
   * TRACE back with its headers, the caller's bearer token among them (which a page's script could then
   * read), advertise TRACE in OPTIONS, and call a PATCH a 501 "not defined in RFC 2068".
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    switch (request.getMethod()) {
      case "GET" -> doGet(request, response);
      case "HEAD" -> doHead(request, response);
      case "OPTIONS" -> {
        // 204, as OPTIONS of every route of the application answers
        response.setHeader("Allow", ALLOWED);
        response.setStatus(204);
      }
      default -> {
        response.setHeader("Allow", ALLOWED);
        problem(response, 405, "Method Not Allowed", request.getMethod() + " is not allowed on the change feed;"
            + " it is read with GET (" + ALLOWED + ")");
      }
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    UnaryOperator<ChangeMessage> view = admit(request, response);
    if (view == null) {
      return;
    }
    String caller = callerOf(request);
    StreamSlots.Refusal refusal = slots.take(caller);
    if (refusal != StreamSlots.Refusal.NONE) {
      refuse(response, refusal);
      return;
    }
    boolean started = false;
    try {
      streamHeaders(response);
      AsyncContext async = request.startAsync();
      FeedStream stream = new FeedStream(async, caller, view, limits.bufferBytes(), ended -> {
        dispatcher.remove(ended);
        slots.release(caller);
      });
      started = true;
      stream.send(": scribe change feed\n\n");
      if (!feed.connected()) {
        // as for the streams open when the connection went: the stream waits, and ends with 'dropped' (reload)
        // once the feed is connected, since what was published before is not on its queue
        stream.send(": the change feed is not connected to the broker now; it retries, and this stream ends with"
            + " event: dropped once it is connected\n\n");
      }
      String lastSeen = utf8(request.getHeader("Last-Event-ID"));
      if (lastSeen != null && !lastSeen.isBlank()) {
        // An EventSource connecting again after a network blip says what it saw last; the feed has no replay, so
        // what changed while it was away is lost: it is told so, as a dropped stream is, to reload what it shows.
        String seen = lastSeen.length() > 60 ? lastSeen.substring(0, 60) + "…" : lastSeen;
        stream.send(event("missed", Map.of("lastEventId", seen, "detail", "this stream begins now: the changes"
            + " after event " + seen + " made while the client was away are not replayed; reload what you show")));
      }
      dispatcher.add(stream);
      if (closed) {
        stream.close();
      }
    } finally {
      if (!started) {
        slots.release(caller);
      }
    }
  }

  /**
   * The answer a GET would begin with — its checks of the caller and of the free slots, its status and headers
   * — without the stream: the servlet's own HEAD would run the GET into a body nobody reads.
   */
  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (admit(request, response) == null) {
      return;
    }
    StreamSlots.Refusal refusal = slots.check(callerOf(request));
    if (refusal != StreamSlots.Refusal.NONE) {
      refuse(response, refusal);
      return;
    }
    streamHeaders(response);
    response.setContentLength(0);
  }

  /** The caller a {@link FeedAccess} named under {@link FeedAccess#CALLER}, as an id; null for anonymous. */
  private static String callerOf(HttpServletRequest request) {
    Object caller = request.getAttribute(FeedAccess.CALLER);
    return caller instanceof User ? ((User) caller).id() : caller == null ? null : String.valueOf(caller);
  }

  private void refuse(HttpServletResponse response, StreamSlots.Refusal refusal) throws IOException {
    int retry = limits.retryAfterSeconds();
    response.setHeader("Retry-After", String.valueOf(retry));
    if (refusal == StreamSlots.Refusal.CALLER_FULL) {
      problem(response, 429, "Too Many Requests", "you already hold " + limits.maxStreamsPerCaller() + " streams of"
          + " the change feed, as many as one caller may; close one (each open page or tab holds one) or retry in "
          + retry + " s");
    } else if (refusal == StreamSlots.Refusal.ANONYMOUS_FULL) {
      problem(response, 503, "Service Unavailable", "the change feed already serves " + anonymousStreams
          + " streams without credentials, as many as it gives callers it cannot tell apart; send credentials, or"
          + " retry in " + retry + " s");
    } else {
      problem(response, 503, "Service Unavailable", "the change feed already serves " + limits.maxStreams()
          + " streams, as many as it may at once; close one of yours or retry in " + retry + " s");
    }
  }

  /** True when {@code e} is, or was caused by, a failed statement (JDBC or JPA) rather than a refusal. */
  static boolean databaseFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof java.sql.SQLException || cause instanceof jakarta.persistence.PersistenceException) {
        return true;
      }
    }
    return false;
  }

  /** The caller's view of the changes, or null when the request was answered with why it may not stream. */
  private UnaryOperator<ChangeMessage> admit(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String parameter = firstParameter(request.getQueryString());
    if (parameter != null) {
      // the feed reads no parameter (a reconnecting client names what it saw in Last-Event-ID): '?since=42' would
      // start a stream that replays nothing while its client waits for what it asked for. Refused in the words
      // of the application's routes, which refuse what they do not read too.
      problem(response, 400, "Bad Request", "GET " + request.getRequestURI() + " takes no query parameters; leave out '"
          + parameter + "'");
      return null;
    }
    java.util.List<String> lastIds = java.util.Collections.list(request.getHeaders("Last-Event-ID"));
    if (lastIds.size() > 1) {
      // which one the client meant would be a guess, as for two of any header of one value on the application's routes
      StringBuilder named = new StringBuilder();
      for (String id : lastIds) {
        String shown = utf8(id);
        named.append(named.length() == 0 ? "'" : ", '").append(shown.length() > 60 ? shown.substring(0, 60) + "…" : shown)
            .append('\'');
      }
      problem(response, 400, "Bad Request", "the request has " + lastIds.size() + " Last-Event-ID headers (" + named
          + "); send one, the id of the last event the client received");
      return null;
    }
    // from here the answer is chosen by Accept (a stream, or a 406): a cache must not give one client's to another's
    response.setHeader("Vary", "Accept");
    String accept = request.getHeader("Accept");
    if (!admitsEventStream(accept)) {
      // as the actions answer an Accept they cannot serve: a client asking for JSON would otherwise get a
      // response that never ends
      // quoted shortened: a long header is not sent back whole
      String quoted = accept.length() > 60 ? accept.substring(0, 60) + "... (" + accept.length() + " characters)" : accept;
      problem(response, 406, "Not Acceptable", "Accept: " + quoted + " admits nothing the change feed answers"
          + " with; it is text/event-stream (Server-Sent Events), which is UTF-8, so send Accept: text/event-stream"
          + " or none");
      return null;
    }
    // from here the answer depends on the credentials as well (a 401, a 403, the caller's own streams counted): a
    // cache must not give one caller's refusal to another, as the application's refusals of credentials say
    response.setHeader("Vary", "Accept, Authorization");
    UnaryOperator<ChangeMessage> view;
    try {
      view = access.open(request);
    } catch (RuntimeException e) {
      DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(e);
      if (unavailable != null) {
        // the caller could not be checked, which says nothing against its token: a 401 would log it out
        response.setHeader("Retry-After", String.valueOf(unavailable.retryAfterSeconds()));
        problem(response, 503, "Service Unavailable", "the change feed cannot check the caller now: "
            + unavailable.getMessage());
        return null;
      }
      if (e instanceof Veto && ((Veto) e).status() >= 400 && ((Veto) e).status() < 500) {
        // a refusal with a status of its own (a disabled account's 403) keeps it, as on the application's routes
        int status = ((Veto) e).status();
        if (status == 401) {
          response.setHeader("WWW-Authenticate", challenge(request));
        } else if (status == 400) {
          // the caller check found the credentials malformed (Bearer without a b64token): RFC 6750's invalid_request,
          // the challenge the application's routes give the same header
          response.setHeader("WWW-Authenticate", "Bearer realm=\"scribe\", error=\"invalid_request\"");
        }
        problem(response, status, reason(status), String.valueOf(e.getMessage()));
        return null;
      }
      if (databaseFailure(e)) {
        // a statement that failed says nothing about the caller's token, and its text is the server's to read
        String id = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        LOG.error("the change feed could not check the caller of {} (request id {})", request.getRequestURI(), id, e);
        problem(response, 500, "Internal Server Error", "the change feed could not check the caller; the server's"
            + " log has the cause under request id " + id);
        return null;
      }
      response.setHeader("WWW-Authenticate", challenge(request));
      problem(response, 401, "Unauthorized", String.valueOf(e.getMessage()));
      return null;
    }
    if (closed) {
      response.setHeader("Retry-After", String.valueOf(limits.retryAfterSeconds()));
      problem(response, 503, "Service Unavailable", "the change feed is stopping; connect again in "
          + limits.retryAfterSeconds() + " s");
      return null;
    }
    String ifMatch = ifMatch(request);
    if (ifMatch != null && !ifMatch.equals("*")) {
      // a stream has no ETag, so no tag the condition names can be its (RFC 9110, 13.1.1): false, as on every read of
      // the application whose answer has none; the stream began as if the condition had not been sent
      problem(response, 412, "Precondition Failed", request.getRequestURI() + " answers no ETag, so If-Match "
          + ifMatch + " names none of its versions; send no If-Match, or If-Match: * (any version)");
      return null;
    }
    return view;
  }

  /** The If-Match lines of the request as one list, or null when there is none. */
  private static String ifMatch(HttpServletRequest request) {
    java.util.List<String> lines = java.util.Collections.list(request.getHeaders("If-Match"));
    return lines.isEmpty() ? null : String.join(", ", lines).strip();
  }

  /**
   * The challenge of a 401: with {@code error="invalid_token"} only when the request sent a bearer token (RFC 6750
   * section 3.1: a request that lacks one, or used another scheme such as {@code Basic}, is told how to
   * authenticate, with no error code), as the application's routes answer.
   */
  private static String challenge(HttpServletRequest request) {
    return sentABearerToken(request.getHeader("Authorization")) ? "Bearer realm=\"scribe\", error=\"invalid_token\""
        : "Bearer realm=\"scribe\"";
  }

  /** Whether {@code header} is of the Bearer scheme with something after it (the scheme is case-insensitive). */
  private static boolean sentABearerToken(String header) {
    return header != null && header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && !header.substring(7).isBlank();
  }

  /** The reason phrase of a refusal's 4xx status, the title of its problem body. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 407 -> "Proxy Authentication Required";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 411 -> "Length Required";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 416 -> "Range Not Satisfiable";
      case 417 -> "Expectation Failed";
      case 421 -> "Misdirected Request";
      case 422 -> "Unprocessable Content";
      case 423 -> "Locked";
      case 424 -> "Failed Dependency";
      case 425 -> "Too Early";
      case 426 -> "Upgrade Required";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 451 -> "Unavailable For Legal Reasons";
      default -> "Client Error";
    };
  }

  /** The name of the query string's first parameter as sent (cut to 60 characters), or null for none. */
  private static String firstParameter(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        String name = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
        return name.length() > 60 ? name.substring(0, 60) + "..." : name;
      }
    }
    return null;
  }

  private static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
    response.setStatus(status);
    // labelled as the application labels its problems: JSON is UTF-8 and takes no charset parameter (RFC 8259, 11),
    // which a writer would have added
    response.setContentType("application/problem+json");
    java.util.Map<String, Object> problem = new java.util.LinkedHashMap<>();
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("message", detail);
    response.getOutputStream().write(Json.write(problem).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * True when {@code accept} (the header, or null) admits {@code text/event-stream} with a quality above 0,
   * the quality being that of the most specific range that matches it ({@code text/event-stream}, then
   * {@code text/*}, then {@code *}{@code /*}): {@code text/event-stream;q=0, *}{@code /*} refuses the stream by
   * name. A header that does not parse as media ranges restricts nothing.
   */
  static boolean admitsEventStream(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    int specificity = -1;
    double chosen = 0;
    boolean any = false;
    for (String range : accept.split(",", -1)) {
      if (range.isBlank()) {
        continue; // an empty element of the list (RFC 9110, 5.6.1): text/html, is text/html
      }
      String[] parts = range.split(";", -1);
      String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
      if (!MEDIA_RANGE.matcher(type).matches()) {
        return true; // not a media range (text/, ;;;): the header is not understood, so it restricts nothing
      }
      any = true;
      if (!utf8(parts)) {
        continue; // an event stream is UTF-8: a range naming another charset matches it not
      }
      int rank = type.equals("text/event-stream") ? 2 : type.equals("text/*") ? 1 : type.equals("*/*") ? 0 : -1;
      if (rank > specificity) {
        specificity = rank;
        chosen = quality(parts);
      }
    }
    return !any || (specificity >= 0 && chosen > 0);
  }

  /** A type and subtype of token characters (RFC 9110, 5.6.2). */
  private static final java.util.regex.Pattern MEDIA_RANGE =
      java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+/[!#$%&'*+.^_`|~0-9a-z-]+");

  /** The names of UTF-8. */
  private static final java.util.Set<String> UTF_8_NAMES = java.util.Set.of("utf-8", "utf8", "unicode-1-1-utf-8");

  /** True when a range, split at its semicolons, names no {@code charset} or names UTF-8. */
  private static boolean utf8(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        String value = parameter.substring(equals + 1).strip().replace("\"", "");
        return UTF_8_NAMES.contains(value.toLowerCase(java.util.Locale.ROOT));
      }
    }
    return true;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
        try {
          return Double.parseDouble(parameter.substring(2).strip());
        } catch (NumberFormatException e) {
          return 1; // a quality that does not parse restricts nothing
        }
      }
    }
    return 1;
  }

  /**
   * A header as the UTF-8 it was sent in: EventSource sends the last event id encoded as UTF-8 (HTML, "EventSource"),
   * and the container hands each byte on as one Latin-1 character, so {@code é} read as {@code Ã©}. Bytes that are
   * not UTF-8 are kept as the container read them.
   */
  static String utf8(String header) {
    if (header == null) {
      return null;
    }
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return header;
    }
  }

  private static void streamHeaders(HttpServletResponse response) {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    // what a stream shows depends on its caller: no cache may keep it, or give one caller's to another
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Vary", "Accept, Authorization");
    response.setHeader("X-Accel-Buffering", "no");
  }

  /**
   * Ends every stream being served (each one's client sees its end and reconnects, as after a restart) and
   * refuses new ones with a 503: the server closes this before it stops, so that streams, which never end on
   * their own, do not hold the stop for its whole timeout.
   */
  @Override
  public void close() {
    closed = true;
    dispatcher.close();
  }
}
