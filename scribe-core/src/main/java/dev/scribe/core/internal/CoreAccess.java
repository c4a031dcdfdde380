package dev.scribe.core.internal;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.DispatchDepthException;
import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.Tier;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceEntry;
import dev.scribe.core.internal.dispatch.DispatchState;

/**
 * The package-private members of {@code dev.scribe.core} that the internal packages use. The one
 * implementation lives in {@code dev.scribe.core} and installs itself when its class is initialized; users
 * keep it in a {@code static final} field, so the JIT sees one constant receiver and inlines every call.
 */
public abstract class CoreAccess {
  private static final String IMPLEMENTATION = "dev.scribe.core.InternalAccess";
  private static volatile CoreAccess installed;

  /** Installs the implementation of {@code dev.scribe.core}; refused for any other, and after the first. */
  public static synchronized void install(CoreAccess access) {
    if (installed != null || !access.getClass().getName().equals(IMPLEMENTATION)) {
      throw new IllegalStateException("CoreAccess is installed by " + IMPLEMENTATION + " only, once");
    }
    installed = access;
  }

  /** The implementation, initializing its class in {@code dev.scribe.core} when nothing did yet. */
  public static CoreAccess get() {
    CoreAccess access = installed;
    if (access == null) {
      try {
        Class.forName(IMPLEMENTATION, true, CoreAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(IMPLEMENTATION + " is missing", e);
      }
      access = installed;
    }
    return access;
  }

  /** Makes the args remember {@code state}, the dispatch state of the thread firing them. */
  public abstract void dispatchState(EventArgs args, DispatchState state);

  /** {@link Trace}'s slot for a handler run starting now, or -1 past its limit. */
  public abstract int reserve(Trace trace);

  /** Fills the slot {@link #reserve} returned. */
  public abstract void set(Trace trace, int slot, TraceEntry entry);

  /**
   * {@code veto}, thrown by a handler of {@code event}; when it says nothing (its messages blank or none), the same
   * veto saying its status and the event instead.
   */
  public abstract dev.scribe.core.Veto explained(dev.scribe.core.Veto veto, Event event);

  /**
   * {@code handler}'s veto with {@code checked}'s messages and field errors after its own: a copy of the same
   * class, with the handler's status, the handler's veto kept as a suppressed exception.
   */
  public abstract dev.scribe.core.Veto reportedWith(dev.scribe.core.Veto handler, dev.scribe.core.Veto checked);

  /** The exception naming {@code handlerName} as the handler that broke the args contract. */
  public abstract ArgsContractException blame(ArgsContractException e, String handlerName);

  /** The refusal of {@code refused}, fired at {@code maxDepth} on {@code path}. */
  public abstract DispatchDepthException tooDeep(int maxDepth, Event refused, String path);

  /** {@code e} with the event that was running when it was thrown added to its chain. */
  public abstract DispatchDepthException within(DispatchDepthException e, Event event, EventArgs args);

  /**
   * Puts {@code value} under {@code key}, a key the framework owns that is neither an identity key nor typed
   * (so {@link EventArgs#put}'s checks cannot refuse it) and that it writes before each event of a series:
   * found among the keys the args' frame added last without a lookup.
   */
  public abstract void putRecent(EventArgs args, String key, Object value);

  /** The value under {@code key}, a key {@link #putRecent} wrote, found the same way. */
  public abstract Object getRecent(EventArgs args, String key);

  /**
   * Removes {@code key}, a key {@link #putRecent} wrote, found the same way: the same result as
   * {@link EventArgs#remove}, which it cannot refuse either.
   */
  public abstract void removeRecent(EventArgs args, String key);

  /** The event's position in its tier's catalogue. */
  public abstract int index(Event event);

  /** Why {@code eventName} is no event of {@code tier}, with the closest name. */
  public abstract String noSuchEvent(Tier tier, String eventName);

  /** True when {@code methodName} starts with one of the tier's handler prefixes. */
  public abstract boolean looksLikeHandler(Tier tier, String methodName);

  /** The event of {@code tier} closest to {@code candidate}, or null. */
  public abstract String closest(Tier tier, String candidate);

  /**
   * A {@code ConfigurationException} when a binding file of {@code scribe} names an event that owners declare
   * themselves and none of them (described by {@code owners}, such as "a custom action of the mounted controllers")
   * declared it.
   */
  public abstract void requireAwaitedBindingsBound(Scribe scribe, String owners);
}
