package dev.scribe.controller.http.problem;

import dev.scribe.core.Veto;
import dev.scribe.repository.CommitOutcomeUnknownException;
import dev.scribe.repository.DatabaseUnavailableException;
import dev.scribe.repository.LockConflictException;
import dev.scribe.repository.VersionConflictException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Set;

/**
 * Turns a failure into an RFC 9457 problem body: {@code title}, {@code status}, {@code detail}, plus
 * {@code message} (a string, or an array when there are several), {@code errors} per field and
 * {@code records} per batch index. Conflicts raised by the database (optimistic locking, lock
 * timeouts, unique keys) become 409, or 412 when the client sent {@code If-Match}; a saturated pool or
 * an unreachable database 503 with {@code Retry-After}; anything else
 * unexpected becomes a 500 that quotes the request id and never the exception.
 */
public final class Problems {
  private static final Set<String> CONFLICT_TYPES = Set.of(
      "jakarta.persistence.OptimisticLockException",
      "jakarta.persistence.PessimisticLockException",
      "jakarta.persistence.LockTimeoutException",
      "org.hibernate.StaleStateException",
      "org.hibernate.PessimisticLockException",
      "org.hibernate.exception.LockAcquisitionException",
      "org.hibernate.exception.LockTimeoutException",
      "org.hibernate.dialect.lock.OptimisticEntityLockException");
  /** Serialization failure, deadlock, H2 lock timeout, H2 concurrent update. */
  private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01", "HYT00", "90131");
  /** Unique key and foreign key violations. */
  private static final Set<String> CONSTRAINT_STATES = Set.of("23505", "23503", "23506");

  private Problems() {}

  /**
   * The refusal of a request body that could not be read to its end, whichever route read it: a 408 when it
   * stalled past the server's idle timeout, a 503 with {@code Retry-After} when it stalled while the server stops
   * (Jetty then cuts a request that makes no progress for a second: the client did nothing wrong, and may send it
   * again once the server is back, or to another instance), a 400 when the connection failed (most often the
   * client went away and reads no answer, but answering completes the request, which Jetty otherwise keeps open).
   * The connection closes. {@code subject} names the body ("the body of tasks.import"), {@code outcome} what was
   * left undone ("no row was read"), {@code resend} what to do ("send the whole file again").
   */
  public static HttpVeto unreadBody(Throwable failure, boolean serverStopping, String subject, String outcome,
      String resend) {
    boolean stalled = false;
    for (Throwable cause = failure; cause != null && !stalled; cause = cause.getCause()) {
      stalled = cause.getClass().getSimpleName().equals("TimeoutException")
          || String.valueOf(cause.getMessage()).contains("TimeoutException");
    }
    if (stalled && serverStopping) {
      return new HttpVeto(503, subject + " had not arrived completely when the server began to stop; " + outcome
          + ": " + resend + " once the server is back", Map.of("Connection", "close", "Retry-After", "1"));
    }
    return new HttpVeto(stalled ? 408 : 400, stalled
        ? subject + " did not arrive completely within the server's idle timeout; " + outcome + ": " + resend
            + ", without pausing"
        : subject + " could not be read to its end (the connection failed); " + outcome + ": " + resend,
        Map.of("Connection", "close"));
  }

  /** Whether the server that received {@code request} has begun to stop: it takes no new connections. */
  public static boolean serverStopping(org.eclipse.jetty.server.Request request) {
    org.eclipse.jetty.server.Connector connector = request.getConnectionMetaData().getConnector();
    return connector.isShutdown() || connector.getServer().isStopping();
  }

  /** {@link #serverStopping(org.eclipse.jetty.server.Request)} for a servlet request. */
  public static boolean serverStopping(jakarta.servlet.http.HttpServletRequest request) {
    try {
      org.eclipse.jetty.ee10.servlet.ServletContextRequest core =
          org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(request);
      return core != null && serverStopping(core);
    } catch (RuntimeException notJetty) {
      return false; // a request of another container, or a wrapper that hides Jetty's: not known to stop
    }
  }

  /**
   * The innermost cause of {@code failure}, as "Type: message", for a log line that names why without a
   * stack trace: the cause of a 503 (a full disk, a refused connection, a closed database), of a download cut.
   */
  public static String rootCause(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  /** The detail of a read whose wait for a lock timed out. */
  private static final String READ_LOCKED = "the data this read needed was locked by another session (a long write, a"
      + " LOCK TABLE, a migration) for longer than the lock timeout; it changed nothing: send it again; retry in 1 s";

  /** A classified failure: its status, its problem body and extra headers. */
  public record Failure(int status, Map<String, Object> body, Map<String, String> headers, boolean unexpected) {}

  public static Failure classify(Throwable failure, boolean ifMatchSent, String requestId) {
    return classify(failure, ifMatchSent, requestId, false);
  }

  /**
   * {@link #classify(Throwable, boolean, String)} for a request of a safe method ({@code GET}, {@code HEAD}) when
   * {@code read}: a broken commit is then the plain 503 of {@link #unavailable(Throwable, boolean)}.
   */
  public static Failure classify(Throwable failure, boolean ifMatchSent, String requestId, boolean read) {
    if ((failure instanceof VersionConflictException || failure instanceof LockConflictException) && ifMatchSent) {
      Veto veto = (Veto) failure;
      return new Failure(412, body(412, veto.messages(), veto.fieldErrors(), veto.records()), Map.of(), false);
    }
    if (read && failure instanceof LockConflictException && ((LockConflictException) failure).timedOut()) {
      // A read conflicts with nothing: it waited out the lock timeout behind another session (a LOCK TABLE, a
      // migration, a long write), and the same read succeeds once that session ends. A 409 without Retry-After
      // told clients the request itself was at fault, and they did not send it again.
      return new Failure(503, body(503, List.of(READ_LOCKED), Map.of(), List.of()), Map.of("Retry-After", "1"), false);
    }
    if (failure instanceof LockConflictException locked && locked.timedOut()) {
      // A write that waited out the lock timeout behind another write conflicts with it (a 409), and the same write
      // succeeds once the other ends: Retry-After says so, as on the 503 of a read that waited the same way. Without
      // it, clients took the 409 for a refusal of the request itself.
      return new Failure(locked.status(), body(locked), Map.of("Retry-After", "1"), false);
    }
    if (failure instanceof Veto) {
      Veto veto = (Veto) failure;
      Map<String, String> headers = failure instanceof HttpVeto ? ((HttpVeto) failure).headers() : Map.of();
      return new Failure(veto.status(), body(veto), headers, false);
    }
    Failure unavailable = unavailable(failure, read);
    if (unavailable != null) {
      return unavailable;
    }
    String conflict = conflict(failure);
    if (conflict != null) {
      int status = ifMatchSent ? 412 : 409;
      return new Failure(status, body(status, List.of(conflict), Map.of(), List.of()), Map.of(), false);
    }
    return new Failure(500, internal(requestId), Map.of(), true);
  }

  /**
   * A 503 with {@code Retry-After} when {@code failure} says the database is saturated or unreachable,
   * else null: the client did nothing wrong and the same request can succeed later.
   */
  public static Failure unavailable(Throwable failure) {
    return unavailable(failure, false);
  }

  /**
   * {@link #unavailable(Throwable)} for a request of a safe method ({@code GET}, {@code HEAD}) when {@code read}:
   * a read whose unit's commit broke changed nothing a client could duplicate, so its 503 is a plain "retry",
   * without the {@code "outcome": "unknown"} of a write.
   */
  public static Failure unavailable(Throwable failure, boolean read) {
    DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(failure);
    if (unavailable == null) {
      return null;
    }
    if (read && unavailable instanceof CommitOutcomeUnknownException) {
      return new Failure(503, readEnded(unavailable.retryAfterSeconds()),
          Map.of("Retry-After", Long.toString(unavailable.retryAfterSeconds())), false);
    }
    Map<String, Object> body = body(503, List.of(unavailable.getMessage()), Map.of(), List.of());
    if (unavailable instanceof CommitOutcomeUnknownException) {
      // The write may be stored: a client that sends a create again without looking may make it twice.
      body.put("outcome", "unknown");
    }
    return new Failure(503, body, Map.of("Retry-After", Long.toString(unavailable.retryAfterSeconds())), false);
  }

  /**
   * {@code response}'s problem {@code body} as a safe request's ({@code GET}, {@code HEAD}) when it is the
   * {@code "outcome": "unknown"} 503 of a commit that broke: a plain 503 saying to send the read again after
   * {@code retryAfter} seconds; else {@code body} itself. The answer of an {@code onError} handler that rewrote
   * the message keeps its message, without the outcome.
   */
  public static Object asRead(int status, Object body, String retryAfter) {
    if (status != 503 || !(body instanceof Map) || !"unknown".equals(((Map<?, ?>) body).get("outcome"))) {
      return body;
    }
    long seconds;
    try {
      seconds = Math.max(1, Long.parseLong(String.valueOf(retryAfter).trim()));
    } catch (NumberFormatException notSeconds) {
      seconds = 1;
    }
    Map<String, Object> plain = readEnded(seconds);
    Map<String, Object> read = new LinkedHashMap<>();
    ((Map<?, ?>) body).forEach((key, value) -> read.put(String.valueOf(key), value));
    read.remove("outcome");
    for (String key : List.of("detail", "message")) {
      if (String.valueOf(read.get(key)).startsWith(COMMIT_BROKE)) {
        read.put(key, plain.get(key));
      }
    }
    return read;
  }

  /** How {@link CommitOutcomeUnknownException}'s message begins. */
  private static final String COMMIT_BROKE = "the connection to the database broke while it committed";

  /** The problem body of a read whose unit's commit broke: it changed nothing, and can be sent again. */
  private static Map<String, Object> readEnded(long retryAfterSeconds) {
    return body(503, List.of("the connection to the database broke while this read ended; it changed nothing: send"
        + " it again; retry in " + retryAfterSeconds + " s"), Map.of(), List.of());
  }

  public static Map<String, Object> body(Veto veto) {
    return body(veto.status(), veto.messages(), veto.fieldErrors(), veto.records());
  }

  public static Map<String, Object> body(int status, List<String> given, Map<String, List<String>> fieldErrors,
      List<Veto.RecordError> records) {
    List<String> messages = said(given, status);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", Reasons.of(status));
    body.put("status", status);
    body.put("detail", String.join("; ", messages));
    body.put("message", messages.size() == 1 ? messages.get(0) : new ArrayList<>(messages));
    if (!fieldErrors.isEmpty()) {
      body.put("errors", errors(fieldErrors));
    }
    if (!records.isEmpty()) {
      body.put("records", records(records));
    }
    return body;
  }

  /** The per-record part of a batch answer: {@code [{"index": i, "status": s, "message": ..., "errors": {...}}]}. */
  public static List<Map<String, Object>> records(List<Veto.RecordError> records) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Veto.RecordError record : records) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("index", record.index());
      entry.put("status", record.status());
      List<String> messages = said(record.messages(), record.status());
      entry.put("message", messages.size() == 1 ? messages.get(0) : new ArrayList<>(messages));
      if (!record.fieldErrors().isEmpty()) {
        entry.put("errors", errors(record.fieldErrors()));
      }
      list.add(entry);
    }
    return list;
  }

  /**
   * {@code messages}, or when none has text, a message saying the status: a handler's veto says why it refused, and
   * one that gives no message is explained where it is thrown (naming its event); this holds for any other.
   */
  private static List<String> said(List<String> messages, int status) {
    for (String message : messages) {
      if (message != null && !message.isBlank()) {
        return messages;
      }
    }
    return List.of("refused with status " + status + ", without a message");
  }

  public static Map<String, Object> internal(String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", Reasons.of(500));
    body.put("status", 500);
    body.put("detail", "the server failed to handle the request; the server log has the details under request id "
        + requestId);
    body.put("message", "internal error");
    body.put("requestId", requestId);
    return body;
  }

  private static Map<String, Object> errors(Map<String, List<String>> fieldErrors) {
    Map<String, Object> errors = new LinkedHashMap<>();
    fieldErrors.forEach((field, messages) -> errors.put(field, new ArrayList<>(messages)));
    return errors;
  }

  /** A client-facing message when {@code failure} is a concurrency or constraint conflict, else null. */
  static String conflict(Throwable failure) {
    int depth = 0;
    for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
      for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
        if (CONFLICT_TYPES.contains(type.getName())) {
          return "the record was changed by another request at the same time; read it again and retry";
        }
      }
      if (cause instanceof SQLException) {
        String state = ((SQLException) cause).getSQLState();
        if (state != null && CONFLICT_STATES.contains(state)) {
          return "the record was changed by another request at the same time; read it again and retry";
        }
        if (state != null && CONSTRAINT_STATES.contains(state)) {
          return "the change conflicts with existing data (a unique or foreign key constraint refused it)";
        }
      }
    }
    return null;
  }

  /** A random id of 16 hex digits; unique enough to find a request in the log, cheap enough for every request. */
  /** The title of a problem of {@code status}: its reason phrase ({@code Not Found}). */
  public static String title(int status) {
    return Reasons.of(status);
  }

  public static String newRequestId() {
    String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return "0".repeat(16 - hex.length()) + hex;
  }
}
