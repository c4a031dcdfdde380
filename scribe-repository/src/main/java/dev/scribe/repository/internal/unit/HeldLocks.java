package dev.scribe.repository.internal.unit;

import com.google.common.hash.Hashing;
import dev.scribe.repository.UnitOfWork;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The key locks one unit of work holds ({@link UnitOfWork#lock}), in the order taken, and whether its
 * transaction's lock waits are bounded yet. Confined to the unit's thread.
 */
final class HeldLocks {
  private final UnitState unit;
  private KeyLocks keyLocks;
  private Consumer<UnitState> lockWaitSetup;
  private boolean lockWaitPrepared;
  /** Hash of each key lock held, in the order taken, to the key as messages name it. */
  private final Map<Long, String> held = new LinkedHashMap<>();

  HeldLocks(UnitState unit) {
    this.unit = unit;
  }

  void use(KeyLocks locks, Consumer<UnitState> lockWait) {
    this.keyLocks = locks;
    this.lockWaitSetup = lockWait;
  }

  /** See {@link UnitOfWork#lock}. */
  void lock(String name, Object key) {
    long hash = hash(name, key);
    if (held.containsKey(hash)) {
      return;
    }
    String label = label(name, key);
    keyLocks.acquire(unit, label, hash);
    held.put(hash, label);
  }

  /** See {@link UnitOfWork#lockAll}. */
  void lockAll(String name, Collection<?> keys) {
    long[] hashes = new long[keys.size()];
    Map<Long, Object> byHash = new LinkedHashMap<>();
    int i = 0;
    for (Object key : keys) {
      long hash = hash(name, key);
      if (byHash.putIfAbsent(hash, key) == null) {
        hashes[i++] = hash;
      }
    }
    long[] sorted = Arrays.copyOf(hashes, i);
    Arrays.sort(sorted);
    for (long hash : sorted) {
      if (!held.containsKey(hash)) {
        String label = label(name, byHash.get(hash));
        keyLocks.acquire(unit, label, hash);
        held.put(hash, label);
      }
    }
  }

  /** The 64-bit key of a lock: the same in every process, so that advisory locks agree across instances. */
  static long hash(String name, Object key) {
    return Hashing.murmur3_128().hashString(name + '\u0000' + key, StandardCharsets.UTF_8).asLong();
  }

  private static String label(String name, Object key) {
    String text = String.valueOf(key);
    return name + " '" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
  }

  /** Bounds the transaction's lock waits by the store's lock timeout, once, before its first lock. */
  void prepareLockWait() {
    if (!lockWaitPrepared) {
      lockWaitPrepared = true;
      lockWaitSetup.accept(unit);
    }
  }

  /** Releases the key locks; called once the transaction has committed or rolled back. */
  void release() {
    for (Long hash : held.keySet()) {
      keyLocks.release(unit, hash);
    }
    held.clear();
  }
}
