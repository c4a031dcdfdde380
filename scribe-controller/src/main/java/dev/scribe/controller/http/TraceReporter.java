package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.TraceOptions;
import dev.scribe.core.Trace;
import dev.scribe.core.User;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a traced request as the application's {@link TraceOptions} ask: {@code X-Scribe-*} response
 * headers and one log line on {@code dev.scribe.controller.trace}, each with the items chosen.
 */
final class TraceReporter {
  private static final Logger TRACE_LOG = LoggerFactory.getLogger("dev.scribe.controller.trace");
  private static final int MAX_HANDLERS_HEADER = 4000;

  private final TraceOptions options;

  TraceReporter(TraceOptions options) {
    this.options = options;
  }

  /** What the trace reports about the action that ran. */
  static final class Outcome {
    String path;
    String action;
    Object user;
  }

  ActionResponse report(HttpServletRequest req, String urlPath, ActionResponse response, Outcome outcome,
      Trace trace, String requestId, long nanos) {
    String duration = String.format(Locale.ROOT, "%.3fms", nanos / 1_000_000.0);
    List<String> handlers = trace == null ? null : trace.handlerNames();
    ActionResponse traced = response;
    if (options.sendsHeaders()) {
      traced = headers(traced, outcome, handlers, requestId, duration);
    }
    if (options.writesLog() && TRACE_LOG.isInfoEnabled()) {
      TRACE_LOG.info(logLine(req, urlPath, response, outcome, handlers, requestId, duration));
    }
    return traced;
  }

  private ActionResponse headers(ActionResponse response, Outcome outcome, List<String> handlers, String requestId,
      String duration) {
    ActionResponse traced = response;
    if (options.has(TraceOptions.Item.REQUEST_ID)) {
      traced = with(traced, TraceOptions.Item.REQUEST_ID.header(), requestId);
    }
    if (options.has(TraceOptions.Item.PATH) && outcome.path != null) {
      traced = with(traced, TraceOptions.Item.PATH.header(), outcome.path);
    }
    if (options.has(TraceOptions.Item.ACTION) && outcome.action != null) {
      traced = with(traced, TraceOptions.Item.ACTION.header(), outcome.action);
    }
    if (options.has(TraceOptions.Item.STATUS)) {
      traced = with(traced, TraceOptions.Item.STATUS.header(), String.valueOf(response.status()));
    }
    // an empty value when none ran, as the log line's handlers=[]: absent says the list is unknown (no kernel trace)
    if (options.has(TraceOptions.Item.HANDLERS) && handlers != null) {
      traced = with(traced, TraceOptions.Item.HANDLERS.header(), handlersHeader(handlers));
    }
    if (options.has(TraceOptions.Item.DURATION)) {
      traced = with(traced, TraceOptions.Item.DURATION.header(), duration);
    }
    if (options.has(TraceOptions.Item.USER) && outcome.user != null) {
      traced = with(traced, TraceOptions.Item.USER.header(), userLabel(outcome.user));
    }
    return traced;
  }

  private String logLine(HttpServletRequest req, String urlPath, ActionResponse response, Outcome outcome,
      List<String> handlers, String requestId, String duration) {
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
    return line.toString();
  }

  /**
   * {@code response} with the header, its control characters (a line break in a user's name or a handler's) as
   * {@code ?}, and without it when there is no value: a trace header never fails the answer it describes.
   */
  private static ActionResponse with(ActionResponse response, String header, String value) {
    if (value == null) {
      return response;
    }
    StringBuilder text = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        if (text == null) {
          text = new StringBuilder(value);
        }
        text.setCharAt(i, '?');
      }
    }
    return response.withHeader(header, text == null ? value : text.toString());
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

  /** The user as the trace shows it: {@code id (name)} for a {@link User}. */
  private static String userLabel(Object user) {
    if (user instanceof User) {
      User typed = (User) user;
      return typed.id().equals(typed.name()) ? typed.id() : typed.id() + " (" + typed.name() + ")";
    }
    return String.valueOf(user);
  }
}
