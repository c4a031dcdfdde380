package dev.scribe.repository.internal;

import dev.scribe.repository.CallOptions;

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
  /** Implemented by the repository package, which alone reaches these members. */
  public interface Bridge {
    CallOptions.Builder trustParams(CallOptions.Builder builder);

    boolean trustedParams(CallOptions options);
  }

  private static final Installed<Bridge> BRIDGE = new Installed<>("CallOptionsAccess");

  private CallOptionsAccess() {}

  /**
   * Marks the params of the call as already checked against its caller's guarded keys: every key is then
   * treated as set by application code; the id, the version and unknown keys are still refused.
   */
  public static CallOptions.Builder trustParams(CallOptions.Builder builder) {
    return BRIDGE.get().trustParams(builder);
  }

  /** True when the params of a call with {@code options} were marked with {@link #trustParams}. */
  public static boolean trustedParams(CallOptions options) {
    return BRIDGE.get().trustedParams(options);
  }

  /** Called once, by the repository package; a second call is refused. */
  public static void install(Bridge implementation) {
    BRIDGE.install(implementation);
  }
}
