package dev.scribe.outbox.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void idsAreVersion7UuidsOfTheCurrentMillisecond() {
    long before = System.currentTimeMillis();
    UUID id = EventIds.next();
    long after = System.currentTimeMillis();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    // at most a little ahead: a burst of more than 4,096 ids in a millisecond borrows from the next ones
    assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after + 1_000);
  }

  @Test
  void idsWrittenOneAfterTheOtherIncreaseAndNeverRepeatEvenWithinOneMillisecond() {
    Set<UUID> seen = new HashSet<>();
    UUID previous = EventIds.next();
    for (int i = 0; i < 100_000; i++) {
      UUID next = EventIds.next();
      // the time-and-counter half orders them, as the primary-key index does (unsigned, as PostgreSQL compares uuids)
      assertThat(Long.compareUnsigned(next.getMostSignificantBits(), previous.getMostSignificantBits())).isPositive();
      assertThat(seen.add(next)).isTrue();
      previous = next;
    }
  }

  @Test
  void idsFromManyThreadsAreUnique() throws InterruptedException {
    Set<UUID> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 25_000; i++) {
          seen.add(EventIds.next());
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(seen).hasSize(100_000);
  }
}
