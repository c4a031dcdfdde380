package dev.scribe.outbox;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Whether a record is in a caller's scope, asked once per change and caller, and once per caller for the changes the
 * feed hands out together: the feed hands each change to all its streams in turn, and the streams of one caller
 * (several tabs, several instances of a page) would otherwise ask the database the same question each, and a burst
 * of changes one question per change. Only the answers about the changes being handed out are kept; the next ones
 * (told apart by identity, so that a change published again is asked again) start afresh.
 */
final class ScopeAnswers {
  private static final Object ANONYMOUS = new Object();
  /** Beyond this many changes asked about outside a batch, their answers are let go of. */
  private static final int LOOSE = 1_024;

  /** The changes being handed out together, by identity. */
  private Set<ChangeMessage> batch = Set.of();
  private List<ChangeMessage> batchInOrder = List.of();
  /** The callers already asked about the whole batch: once each, whatever came of it. */
  private final Set<Object> askedTogether = new java.util.HashSet<>();
  /** Per change, per caller: its answer, or the failure of asking, which the caller's other streams get too. */
  private final Map<ChangeMessage, Map<Object, Object>> answers = new IdentityHashMap<>();

  /** The changes the feed hands out next, together; the answers about earlier ones are let go of. */
  synchronized void upcoming(List<ChangeMessage> changes) {
    answers.clear();
    askedTogether.clear();
    batchInOrder = List.copyOf(changes);
    Set<ChangeMessage> members = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    members.addAll(batchInOrder);
    batch = members;
  }

  /**
   * The answer for {@code caller} (compared by {@code equals}: a {@code User} by id, name and roles) about
   * {@code change}. The first time, when the change is one of the batch handed out and {@code askMany} is given, it
   * is asked for the caller about every change of the batch it picks ({@code askMany} answers those it could
   * decide, by identity); otherwise, or when that fails, {@code ask} alone. A failure of {@code ask} is kept as an
   * answer is and thrown to each of the caller's streams: asked again for each, a pool that stayed busy made the
   * feed wait its connection wait once per stream.
   */
  boolean inScope(ChangeMessage change, Object caller, Supplier<Boolean> ask,
      BiFunction<List<ChangeMessage>, Object, Map<ChangeMessage, Boolean>> askMany) {
    Object key = caller == null ? ANONYMOUS : caller;
    Object known;
    List<ChangeMessage> together;
    synchronized (this) {
      Map<Object, Object> about = answers.get(change);
      known = about == null ? null : about.get(key);
      together = known == null && askMany != null && batch.size() > 1 && batch.contains(change)
          && askedTogether.add(key) ? batchInOrder : null;
    }
    if (known == null && together != null) {
      Map<ChangeMessage, Boolean> many;
      try {
        many = askMany.apply(together, caller);
      } catch (RuntimeException failure) {
        many = Map.of(); // each change is asked alone, and a failure that remains is that one's
      }
      synchronized (this) {
        for (Map.Entry<ChangeMessage, Boolean> answer : many.entrySet()) {
          if (batch.contains(answer.getKey())) {
            answers.computeIfAbsent(answer.getKey(), c -> new java.util.HashMap<>()).putIfAbsent(key, answer.getValue());
          }
        }
        Map<Object, Object> about = answers.get(change);
        known = about == null ? null : about.get(key);
      }
    }
    if (known == null) {
      try {
        known = ask.get();
      } catch (RuntimeException failure) {
        known = failure;
      }
      synchronized (this) {
        if (!batch.contains(change) && answers.size() >= LOOSE) {
          answers.clear();
        }
        answers.computeIfAbsent(change, c -> new java.util.HashMap<>()).put(key, known);
      }
    }
    if (known instanceof RuntimeException) {
      throw (RuntimeException) known;
    }
    return (Boolean) known;
  }
}
