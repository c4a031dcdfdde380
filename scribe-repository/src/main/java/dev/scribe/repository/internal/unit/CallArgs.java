package dev.scribe.repository.internal.unit;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.internal.StoreAccess;

/** The args every event of a repository call starts from, and the user the call runs for. */
public final class CallArgs {
  private CallArgs() {}

  /** The args of a call of {@code self} with {@code options} on {@code path}; {@code effective} is its config. */
  public static EventArgs of(Object self, DataStore store, String path, CallOptions options, Options effective) {
    EventArgs.Builder builder = EventArgs.builder();
    options.extra().forEach((key, value) -> {
      if (!key.equals(EventArgs.SELF) && !key.equals(EventArgs.PATH)) {
        builder.put(key, value);
      }
    });
    builder.self(self).path(path)
        .put(EventArgs.OPTIONS, options.asMap())
        .put(EventArgs.OPTION_OVERRIDES, options.optionOverrides())
        .put(EventArgs.FRONT_END_OPTIONS, options.frontEndOptions())
        .put(EventArgs.CONFIG, effective);
    Object user = callerOf(store, options);
    if (user != null) {
      builder.put(EventArgs.USER, user);
    }
    return builder.build();
  }

  /**
   * The call's user, or the unit of work's for a call that names none (a handler's nested call); the first
   * call that names a user hands it to a unit of work whose caller nobody said. A unit that runs for an
   * anonymous caller stays anonymous: a handler's call naming another user (a count as an administrator) made
   * every later call of the request run as that user.
   */
  private static Object callerOf(DataStore store, CallOptions options) {
    UnitState unit = StoreAccess.currentUnit(store);
    Object user = options.user();
    if (unit == null) {
      return user;
    }
    if (user == null) {
      return unit.user();
    }
    if (unit.user() == null && !unit.userSet()) {
      unit.setUser(user);
    }
    return user;
  }
}
