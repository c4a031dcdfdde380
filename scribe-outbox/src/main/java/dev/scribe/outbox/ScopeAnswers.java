package dev.scribe.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
  private final Map<Object, Boolean> answers = new HashMap<>();

  /**
   * The answer for {@code caller} (compared by {@code equals}: a {@code User} by id, name and roles) about
   * {@code change}, asking {@code ask} the first time; an answer of null (the scope could not be asked) is not kept.
   */
  Boolean inScope(ChangeMessage change, Object caller, Supplier<Boolean> ask) {
    Object key = caller == null ? ANONYMOUS : caller;
    synchronized (this) {
      if (current == change && answers.containsKey(key)) {
        return answers.get(key);
      }
    }
    Boolean answer = ask.get();
    synchronized (this) {
      if (current != change) {
        current = change;
        answers.clear();
      }
      Optional.ofNullable(answer).ifPresent(known -> answers.put(key, known));
    }
    return answer;
  }
}
