package dev.scribe.controller.internal.action;

import dev.scribe.core.internal.Words;
import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.ControllerEvents;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a failed action: classifies the failure into a problem body, fires {@code onError} with
 * {@code exception}, {@code status}, {@code error} (the body, mutable) and {@code headers} (mutable),
 * and builds the response from what the handlers left, or returns the {@link ActionResponse} a
 * handler put under {@value ActionResponse#ARGS_KEY}. Unexpected failures are logged with their
 * stack trace and request id; the client sees only the id.
 */
public final class ErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller");

  private final Controller<?, ?> controller;

  ErrorResponder(Controller<?, ?> controller) {
    this.controller = controller;
  }

  public ActionResponse respond(ActionCall call, RuntimeException failure) {
    String requestId = requestId(call.request);
    boolean ifMatch = call.request.header("If-Match") != null;
    // a GET's or HEAD's broken commit stored nothing: onError sees the read's plain 503, not an unknown outcome
    Problems.Failure classified = Problems.classify(failure, ifMatch, requestId,
        ControllerAccess.root().read(call.request));
    if (classified.unexpected()) {
      LOG.error("request {} ({}) failed", requestId, call.path, failure);
    } else if (classified.status() == 503) {
      LOG.warn("request {} ({}) answered 503: {} (cause: {})", requestId, call.path, classified.body().get("detail"),
          Problems.rootCause(failure));
    } else {
      LOG.debug("request {} ({}) answered {}: {}", requestId, call.path, classified.status(), failure.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>(classified.body());
    Map<String, String> headers = new LinkedHashMap<>(classified.headers());
    EventArgs args = call.args;
    args.put(ControllerTier.EXCEPTION, failure);
    args.put(ControllerTier.STATUS, classified.status());
    args.put(ControllerTier.ERROR, body);
    args.put(ControllerTier.HEADERS, headers);
    try {
      controller.events().fire(ControllerEvents.ON_ERROR, args);
    } catch (Veto veto) {
      LOG.debug("request {} ({}): an onError handler vetoed with {}", requestId, call.path, veto.getMessage());
      return ActionResponse.problem(veto.status(), Problems.body(veto)).withHeaders(headers);
    } catch (RuntimeException e) {
      LOG.error("request {} ({}): an onError handler failed while answering {}", requestId, call.path, failure, e);
      return ActionResponse.problem(500, Problems.internal(requestId));
    }
    return answerFromArgs(args, classified.status());
  }

  /**
   * The answer a failure event's handlers left in {@code args}: a whole response they put under
   * {@link ActionResponse#ARGS_KEY}, else a problem with their {@code status} (or {@code defaultStatus}),
   * {@code error} body and {@code headers}.
   */
  public static ActionResponse answerFromArgs(EventArgs args, int defaultStatus) {
    Object replacement = args.get(ActionResponse.ARGS_KEY);
    if (replacement instanceof ActionResponse) {
      return (ActionResponse) replacement;
    }
    if (replacement != null) {
      throw new ArgsContractException(ActionResponse.ARGS_KEY, "a handler put " + Words.withArticle(replacement.getClass().getName())
          + " under '" + ActionResponse.ARGS_KEY + "'; put an ActionResponse there, or change 'status', 'error' and"
          + " 'headers'");
    }
    Object status = args.get(ControllerTier.STATUS);
    Integer problemStatus = problemStatus(status);
    if (problemStatus == null) {
      throw new ArgsContractException(ControllerTier.STATUS, "a handler set 'status' to " + status + (status == null
          ? "" : " (" + Words.withArticle(status.getClass().getSimpleName()) + ")") + "; a problem's status is a whole number from 400"
          + " to 599: to answer with another, put an ActionResponse under '" + ActionResponse.ARGS_KEY + "'");
    }
    int code = problemStatus;
    Object error = args.get(ControllerTier.ERROR);
    if (code != defaultStatus && error instanceof Map && Integer.valueOf(defaultStatus).equals(((Map<?, ?>) error).get("status"))) {
      // the body follows the status a handler chose, unless the handler wrote its own status into it
      Map<String, Object> body = new LinkedHashMap<>();
      ((Map<?, ?>) error).forEach((key, value) -> body.put(String.valueOf(key), value));
      body.put("status", code);
      if (Problems.title(defaultStatus).equals(body.get("title"))) {
        body.put("title", Problems.title(code));
      }
      error = body;
    }
    ActionResponse response = ActionResponse.problem(code, error);
    Object headers = args.get(ControllerTier.HEADERS);
    if (headers instanceof Map) {
      for (Map.Entry<?, ?> header : ((Map<?, ?>) headers).entrySet()) {
        try {
          response = response.withHeader(String.valueOf(header.getKey()), String.valueOf(header.getValue()));
        } catch (UsageException refused) {
          throw new ArgsContractException(ControllerTier.HEADERS, "a handler put a header HTTP cannot carry under '"
              + ControllerTier.HEADERS + "': " + refused.getMessage());
        }
      }
    }
    return response;
  }

  /**
   * {@code status} as a problem's status, or null when it is not a whole number from 400 to 599: read by its
   * exact value, since {@code Number.intValue()} would take 418.7 for 418 and wrap a Long such as 4294967714
   * around to 418.
   */
  private static Integer problemStatus(Object status) {
    if (!(status instanceof Number)) {
      return null;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(status.toString());
    } catch (NumberFormatException notFinite) {
      return null;
    }
    if (value.stripTrailingZeros().scale() > 0) {
      return null;
    }
    if (value.compareTo(BigDecimal.valueOf(400)) < 0 || value.compareTo(BigDecimal.valueOf(599)) > 0) {
      return null;
    }
    return value.intValue();
  }

  public static String requestId(ActionRequest request) {
    return request.requestId() != null ? request.requestId() : Problems.newRequestId();
  }
}
