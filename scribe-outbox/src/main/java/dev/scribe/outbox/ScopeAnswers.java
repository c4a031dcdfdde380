package dev.scribe.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether a record is in a caller's scope, asked once per change and caller: the feed hands one change to all its
 * streams in turn, and the streams of one caller (several tabs, several instances of a page) would otherwise ask the
 * database the same question each. Only the answers about the change being handed out are kept; a new change
 * (told apart by identity, so that a change published again is asked again) starts afresh.
 */
final class ScopeAnswers {
  private static final Object ANONYMOUS = new Object();

  private ChangeMessage current;
  /** Per caller: its answer, or the failure of asking, which the caller's other streams get too. */
  private final Map<Object, Object> answers = new HashMap<>();

  /**
   * The answer for {@code caller} (compared by {@code equals}: a {@code User} by id, name and roles) about
   * {@code change}, asking {@code ask} the first time. A failure of {@code ask} is kept as an answer is and thrown
   * to each of the caller's streams: asked again for each, a pool that stayed busy made the feed wait its
   * connection wait once per stream.
   */
  boolean inScope(ChangeMessage change, Object caller, Supplier<Boolean> ask) {
    Object key = caller == null ? ANONYMOUS : caller;
    Object known;
    synchronized (this) {
      known = current == change ? answers.get(key) : null;
    }
    if (known == null) {
      try {
        known = ask.get();
      } catch (RuntimeException failure) {
        known = failure;
      }
      synchronized (this) {
        if (current != change) {
          current = change;
          answers.clear();
        }
        answers.put(key, known);
      }
    }
    if (known instanceof RuntimeException) {
      throw (RuntimeException) known;
    }
    return (Boolean) known;
  }
}
