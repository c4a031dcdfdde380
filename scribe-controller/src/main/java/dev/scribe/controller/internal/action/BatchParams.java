package dev.scribe.controller.internal.action;

import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.IfNoneMatch;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.RepositoryOptions;
import java.util.List;
import java.util.Map;

/** The params of a batch write in the args: set, read back as handlers left them, and its {@code ignoreErrors}. */
final class BatchParams {
  private BatchParams() {}

  /** The params of a batch write, {@code batch} true, and {@code ?ignoreErrors} as an option override. */
  static void set(ActionCall call, List<?> params) {
    call.args.put(EventArgs.PARAMS, params);
    call.args.put(ControllerTier.BATCH, true);
    ignoreErrorsFromQuery(call);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> records(ActionCall call) {
    Object params = call.args.get(EventArgs.PARAMS);
    if (!(params instanceof List)) {
      throw new ArgsContractException(EventArgs.PARAMS, "a handler replaced the batch params of " + call.path + " with "
          + (params == null ? "null" : params.getClass().getName()) + "; a batch's params must stay a List of maps");
    }
    return (List<Map<String, Object>>) params;
  }

  @SuppressWarnings("unchecked")
  static List<Object> ids(ActionCall call) {
    Object params = call.args.get(EventArgs.PARAMS);
    if (!(params instanceof List)) {
      throw new ArgsContractException(EventArgs.PARAMS, "a handler replaced the ids of " + call.path + " with "
          + (params == null ? "null" : params.getClass().getName()) + "; a batch destroy's params must stay a List of ids");
    }
    return (List<Object>) params;
  }

  /** {@code ?ignoreErrors=true|false} on a batch becomes an option override. */
  static void ignoreErrorsFromQuery(ActionCall call) {
    String name = RepositoryOptions.IGNORE_ERRORS.name();
    Object ignore = call.request.query().get(name);
    if (ignore != null) {
      call.overrides().put(name, BodyShapes.bool(name, ignore));
    }
  }

  static boolean ignoreErrors(ActionCall call) {
    String name = RepositoryOptions.IGNORE_ERRORS.name();
    Object override = call.overrides().get(name);
    if (override != null) {
      return BodyShapes.bool(name, override);
    }
    return ControllerOptions.IGNORE_ERRORS.in(call.options);
  }

  /** A 400 for {@code If-Match} on a batch, which has no one version to compare. */
  static void refuseIfMatch(ActionCall call, String method) {
    if (call.request.header("If-Match") != null) {
      throw new Veto(400, "If-Match applies to one record; send it with " + method
          + " on the record's own URL, not with a batch");
    }
    IfNoneMatch.refuseOnMany(call, "a batch");
  }
}
