package dev.scribe.bench.bulk;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap while an operation runs: the most heap in use, sampled every 5 ms from the {@code MemoryMXBean};
 * the most heap in use right after a garbage collection, from the collectors' notifications (what stayed
 * reachable, plus old garbage not yet collected); and the number of collections.
 */
final class HeapWatch {
  /** What one watch saw, in bytes. */
  record Heap(long sampledPeak, long maxAfterGc, long collections) {}

  private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
  private static final Set<String> HEAP_POOL_NAMES = new HashSet<>();
  private static final AtomicLong AFTER_GC = new AtomicLong();

  static {
    HEAP_POOLS.forEach(pool -> HEAP_POOL_NAMES.add(pool.getName()));
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (HEAP_POOL_NAMES.contains(pool.getKey())) {
            used += pool.getValue().getUsed();
          }
        }
        AFTER_GC.accumulateAndGet(used, Math::max);
      }, null, null);
    }
  }

  private final AtomicLong sampled = new AtomicLong();
  private final long collectionsBefore;
  private final Thread sampler;
  private volatile boolean running = true;

  private HeapWatch() {
    AFTER_GC.set(0);
    collectionsBefore = collections();
    sampler = new Thread(() -> {
      while (running) {
        sampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  static HeapWatch start() {
    return new HeapWatch();
  }

  Heap stop() throws InterruptedException {
    running = false;
    sampler.join();
    return new Heap(sampled.get(), AFTER_GC.get(), collections() - collectionsBefore);
  }

  private static long collections() {
    long count = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
    }
    return count;
  }
}
