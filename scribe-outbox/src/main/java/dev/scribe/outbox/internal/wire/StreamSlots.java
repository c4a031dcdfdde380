package dev.scribe.outbox.internal.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * The change feed's stream slots: at most {@code max} streams in all, {@code perCaller} per identified caller and
 * {@code anonymous} for every anonymous stream (a null caller) together, so that clients without credentials, which
 * cannot be told apart, cannot take every slot from the callers who can.
 */
final class StreamSlots {
  /** Why a slot was refused. */
  enum Refusal { NONE, ALL_TAKEN, CALLER_FULL, ANONYMOUS_FULL }

  private final int max;
  private final int perCaller;
  private final int anonymous;
  private final Map<String, Integer> byCaller = new HashMap<>();
  private int taken;
  private int anonymousTaken;

  StreamSlots(int max, int perCaller, int anonymous) {
    this.max = max;
    this.perCaller = perCaller;
    this.anonymous = anonymous;
  }

  /** Takes a slot for {@code caller} (null for anonymous), or says why there is none. */
  synchronized Refusal take(String caller) {
    Refusal refusal = check(caller);
    if (refusal == Refusal.NONE) {
      taken++;
      if (caller != null) {
        byCaller.merge(caller, 1, Integer::sum);
      } else {
        anonymousTaken++;
      }
    }
    return refusal;
  }

  /** Why a slot would be refused now, without taking one (for a HEAD). */
  synchronized Refusal check(String caller) {
    if (caller != null && byCaller.getOrDefault(caller, 0) >= perCaller) {
      return Refusal.CALLER_FULL;
    }
    if (caller == null && anonymousTaken >= anonymous && taken < max) {
      return Refusal.ANONYMOUS_FULL;
    }
    return taken >= max ? Refusal.ALL_TAKEN : Refusal.NONE;
  }

  synchronized void release(String caller) {
    taken--;
    if (caller != null) {
      byCaller.computeIfPresent(caller, (key, count) -> count == 1 ? null : count - 1);
    } else {
      anonymousTaken--;
    }
  }

  synchronized int taken() {
    return taken;
  }
}
