package dev.scribe.outbox.internal.relay;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ids: time-ordered UUIDs (version 7, RFC 9562). Ids written one after the other are neighbours in the
 * outbox's primary-key index, where random ids (version 4) would each land on a page of their own; and
 * generating one draws no bytes from the operating system's entropy pool, which {@link UUID#randomUUID()}
 * does under a lock.
 *
 * <p>The first 60 bits — milliseconds since the epoch and a 12-bit counter — never repeat within a JVM: a
 * counter that runs over moves into the next millisecond early (RFC 9562, method 3, "monotonic random").
 * The last 62 bits are random, so two instances do not meet either. Thread-safe.
 */
final class EventIds {
  private static final AtomicLong LAST = new AtomicLong();
  /** Mixed into the random bits, so JVMs started at the same instant do not share a sequence either. */
  private static final long INSTANCE = new SecureRandom().nextLong();

  private EventIds() {}

  static UUID next() {
    long stamp = LAST.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() << 12));
    long high = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0xFFFL);
    long low = ((ThreadLocalRandom.current().nextLong() ^ INSTANCE) & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
