package dev.scribe.controller.auth;

import dev.scribe.core.User;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The users of recently checked tokens, by token hash, for a short time: a request with a token seen in the
 * last moments is authenticated without a database round trip. Revoking a token, or every token of a user,
 * through this instance drops it from the cache at once; another instance sharing the database stops
 * accepting it within one {@code ttl}. A token's own expiry is checked on every use.
 */
final class TokenCache {
  /** Beyond this many entries the cache starts over: a flood of distinct tokens cannot grow it without bound. */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(User user, long expiresAtMillis, long cachedUntilNanos) {}

  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  /**
   * Counts the forgets: a lookup notes it before reading the database and caches what it read only when no
   * forget came in between, so that a token read just before its revocation is not cached after it.
   */
  private final AtomicLong forgets = new AtomicLong();

  TokenCache(java.time.Duration ttl, LongSupplier nanoTime) {
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  boolean enabled() {
    return ttlNanos > 0;
  }

  /** The cached user of the token, or null when it is not cached, no longer fresh, or expired at {@code nowMillis}. */
  User get(String tokenHash, long nowMillis) {
    if (ttlNanos <= 0) {
      return null;
    }
    Entry entry = entries.get(tokenHash);
    if (entry == null) {
      return null;
    }
    if (entry.expiresAtMillis <= nowMillis || nanoTime.getAsLong() - entry.cachedUntilNanos > 0) {
      entries.remove(tokenHash, entry);
      return null;
    }
    return entry.user;
  }

  /** To be noted before a lookup reads the database, and handed to {@link #put} with what it read. */
  long generation() {
    return forgets.get();
  }

  /**
   * Caches the user of a token read from the database after {@link #generation} gave {@code generation}; not
   * when a forget came in between (the row read may be one a revocation has changed since). Puts and forgets
   * take turns: an entry put and then taken back would be visible in between, to a request that a
   * revocation has already returned to.
   */
  synchronized void put(String tokenHash, User user, long expiresAtMillis, long generation) {
    if (ttlNanos <= 0 || forgets.get() != generation) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(tokenHash, new Entry(user, expiresAtMillis, nanoTime.getAsLong() + ttlNanos));
  }

  synchronized void forget(String tokenHash) {
    forgets.incrementAndGet();
    entries.remove(tokenHash);
  }

  synchronized void forgetUser(String userId) {
    forgets.incrementAndGet();
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (it.next().user.id().equals(userId)) {
        it.remove();
      }
    }
  }
}
