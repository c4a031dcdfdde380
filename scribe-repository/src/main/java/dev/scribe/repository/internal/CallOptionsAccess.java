package dev.scribe.repository.internal;

import dev.scribe.core.UsageException;
import dev.scribe.repository.CallOptions;
import java.util.function.UnaryOperator;

/**
 * Internal and unsupported: the call options only the framework's own tiers set. The controller tier marks
 * the params of its calls as trusted once it has refused the guarded keys of the request body itself;
 * an application that did so would give up the mass-assignment check of its callers' keys.
 *
 * <pre>{@code
 * CallOptions options = CallOptionsAccess.trustParams(CallOptions.builder().path(path)).build();
 * }</pre>
 */
public final class CallOptionsAccess {
  private static volatile UnaryOperator<CallOptions.Builder> trustParams;

  private CallOptionsAccess() {}

  /**
   * Marks the params of the call as already checked against its caller's guarded keys: every key is then
   * treated as set by application code; the id, the version and unknown keys are still refused.
   */
  public static CallOptions.Builder trustParams(CallOptions.Builder builder) {
    return trustParams.apply(builder);
  }

  /** Called once, by {@link CallOptions} when it is loaded; a second call is refused. */
  public static synchronized void install(UnaryOperator<CallOptions.Builder> trust) {
    if (trustParams != null) {
      throw new UsageException("CallOptionsAccess is installed by CallOptions itself; it cannot be installed again");
    }
    trustParams = trust;
  }
}
