package dev.scribe.outbox.internal.wire;

import dev.scribe.core.Veto;
import dev.scribe.outbox.ChangeFeed;
import dev.scribe.outbox.ChangeMessage;
import dev.scribe.outbox.FeedAccess;
import dev.scribe.repository.DatabaseUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /_scribe/changes}: the change feed as Server-Sent Events, one {@code change} event per change
 * ({@code id} the event id, {@code data} the change as JSON with hidden fields left out), and a comment line
 * every 15 seconds so that proxies keep the stream open. The stream holds one request thread, so at most
 * {@code maxStreams} are served at once (one more is a 503 with {@code Retry-After}). Each stream shows what
 * its {@link FeedAccess} lets the request's caller see; a caller it refuses gets 401.
 */
public final class ChangeFeedServlet extends HttpServlet implements AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final long HEARTBEAT_MILLIS = 15_000;

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeedServlet.class);
  private static final int RETRY_AFTER_SECONDS = 5;
  private static final String ALLOWED = "GET, HEAD, OPTIONS";

  private final transient ChangeFeed feed;
  private final transient FeedAccess access;
  private final int maxStreams;
  private final transient Semaphore streams;
  /** The subscriptions of the streams being served, ended together by {@link #close}. */
  private final transient java.util.Set<ChangeFeed.Subscription> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public ChangeFeedServlet(ChangeFeed feed, FeedAccess access, int maxStreams) {
    this.feed = feed;
    this.access = access;
    this.maxStreams = maxStreams;
    this.streams = new Semaphore(maxStreams);
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
        response.setHeader("Allow", ALLOWED);
        response.setStatus(200);
        response.setContentLength(0);
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
    if (!streams.tryAcquire()) {
      full(response);
      return;
    }
    try {
      stream(request, response, view);
    } finally {
      streams.release();
    }
  }

  /**
   * The answer a GET would begin with — its checks of the caller and of the free slots, its status and headers
   * — without the stream: the servlet's own HEAD would run the GET into a body nobody reads, which never
   * notices its client gone and so held its thread and one of the stream slots for good.
   */
  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (admit(request, response) == null) {
      return;
    }
    if (streams.availablePermits() == 0) {
      full(response);
      return;
    }
    streamHeaders(response);
    response.setContentLength(0);
  }

  private void full(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    problem(response, 503, "Service Unavailable", "the change feed already serves " + maxStreams
        + " streams, as many as it may at once; close one of yours or retry in " + RETRY_AFTER_SECONDS + " s");
  }

  /** True when {@code e} is, or was caused by, a failed statement (JDBC or JPA) rather than a refusal. */
  private static boolean databaseFailure(Throwable e) {
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
    String accept = request.getHeader("Accept");
    if (!admitsEventStream(accept)) {
      // as the actions answer an Accept they cannot serve: a client asking for JSON would otherwise get a
      // response that never ends
      problem(response, 406, "Not Acceptable", "Accept: " + accept + " admits nothing the change feed answers"
          + " with; it is text/event-stream (Server-Sent Events), so send Accept: text/event-stream or none");
      return null;
    }
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
          response.setHeader("WWW-Authenticate", "Bearer realm=\"scribe\", error=\"invalid_token\"");
        }
        problem(response, status, status == 401 ? "Unauthorized" : status == 403 ? "Forbidden" : "Bad Request",
            String.valueOf(e.getMessage()));
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
      response.setHeader("WWW-Authenticate", "Bearer realm=\"scribe\", error=\"invalid_token\"");
      problem(response, 401, "Unauthorized", String.valueOf(e.getMessage()));
      return null;
    }
    if (closed) {
      response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
      problem(response, 503, "Service Unavailable", "the change feed is stopping; connect again in "
          + RETRY_AFTER_SECONDS + " s");
      return null;
    }
    return view;
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
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    java.util.Map<String, Object> problem = new java.util.LinkedHashMap<>();
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("message", detail);
    response.getWriter().write(Json.write(problem));
  }

  private void stream(HttpServletRequest request, HttpServletResponse response, UnaryOperator<ChangeMessage> view)
      throws IOException {
    streamHeaders(response);
    PrintWriter out = response.getWriter();
    out.write(": scribe change feed\n\n");
    String lastSeen = utf8(request.getHeader("Last-Event-ID"));
    if (lastSeen != null && !lastSeen.isBlank()) {
      // An EventSource connecting again after a network blip says what it saw last; the feed has no replay, so
      // what changed while it was away is lost: it is told so, as a dropped stream is, to reload what it shows.
      String seen = lastSeen.length() > 60 ? lastSeen.substring(0, 60) + "…" : lastSeen;
      out.write("event: missed\ndata: " + Json.write(java.util.Map.of("lastEventId", seen, "detail", "this stream"
          + " begins now: the changes after event " + seen + " made while the client was away are not replayed;"
          + " reload what you show")) + "\n\n");
    }
    out.flush();
    response.flushBuffer();
    long checked = System.currentTimeMillis();
    long written = checked;
    try (ChangeFeed.Subscription subscription = feed.subscribe()) {
      open.add(subscription);
      if (closed) {
        subscription.close();
      }
      while (subscription.isOpen()) {
        if (System.currentTimeMillis() - checked >= HEARTBEAT_MILLIS) {
          // the caller is checked again as the stream goes on: a token revoked or expired since it opened ends it
          checked = System.currentTimeMillis();
          try {
            // what the caller may see now: an administrator demoted while watching sees from here what a user sees
            UnaryOperator<ChangeMessage> now = access.open(request);
            if (now != null) {
              view = now;
            }
          } catch (RuntimeException e) {
            if (DatabaseUnavailableException.in(e) != null) {
              // not a verdict on the token: the stream goes on, and the caller is checked at the next beat
              LOG.debug("change feed: the caller of a stream could not be checked: {}", e.getMessage());
            } else if (databaseFailure(e)) {
              // as at the stream's start: a failed statement is no verdict on the token (an 'unauthorized' logged
              // the client out), and its text is the server's to read
              String id = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
              LOG.error("the change feed could not check the caller of an open stream of {} (request id {})",
                  request.getRequestURI(), id, e);
              out.write("event: failed\ndata: " + Json.write(java.util.Map.of("status", 500, "detail", "the change"
                  + " feed could not check the caller; the server's log has the cause under request id " + id))
                  + "\n\n");
              out.flush();
              return;
            } else {
              // a refusal with a status of its own (a disabled account's 403) keeps it, as at the stream's start
              int status = e instanceof Veto && ((Veto) e).status() >= 400 && ((Veto) e).status() < 500
                  ? ((Veto) e).status() : 401;
              out.write("event: unauthorized\ndata: " + Json.write(java.util.Map.of("status", status, "detail",
                  String.valueOf(e.getMessage()))) + "\n\n");
              out.flush();
              return;
            }
          }
        }
        long quiet = System.currentTimeMillis() - written;
        ChangeMessage change = subscription.poll(Math.max(1, HEARTBEAT_MILLIS - quiet));
        ChangeMessage visible = change == null ? null : view.apply(change);
        if (visible != null) {
          out.write("id: " + visible.id() + "\nevent: change\ndata: " + visible.payload().replace("\n", "\ndata: ")
              + "\n\n");
        } else if (System.currentTimeMillis() - written >= HEARTBEAT_MILLIS) {
          // counted from the last write, not from the last change: changes this caller may not see, flowing
          // steadily, left its stream without a byte for as long as they flowed, closed by proxies for idleness
          // and never noticing its client gone
          out.write(": keep-alive\n\n");
        } else {
          continue;
        }
        written = System.currentTimeMillis();
        out.flush();
        if (out.checkError()) {
          return;
        }
      }
      if (subscription.dropped()) {
        out.write("event: dropped\ndata: " + Json.write(java.util.Map.of("detail", subscription.droppedBecause()))
            + "\n\n");
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.removeIf(subscription -> !subscription.isOpen());
    }
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
    for (String range : accept.split(",", -1)) {
      String[] parts = range.split(";", -1);
      String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
      if (type.isEmpty() || !type.contains("/")) {
        return true;
      }
      int rank = type.equals("text/event-stream") ? 2 : type.equals("text/*") ? 1 : type.equals("*/*") ? 0 : -1;
      if (rank > specificity) {
        specificity = rank;
        chosen = quality(parts);
      }
    }
    return specificity >= 0 && chosen > 0;
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
    response.setHeader("Cache-Control", "no-cache");
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
    open.forEach(ChangeFeed.Subscription::close);
    open.clear();
  }
}
