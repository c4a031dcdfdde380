package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runaway re-entrant dispatch stops at a configurable depth with the chain of events, not a stack overflow. */
class DepthGuardTest {
  private static final String FIX = "; guard the handler against re-entry or raise Scribe.builder().maxDepth(...)";

  @Test
  void aHandlerThatFiresItsOwnEventIsStoppedWithTheChain() {
    Scribe scribe = TestTiers.builder().maxDepth(3).build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.on("preUpdate", args -> events.fire("preUpdate", args));

    assertThatThrownBy(() -> events.fire("preUpdate", TestTiers.args("tasks.update")))
        .isInstanceOfSatisfying(DispatchDepthException.class, e -> assertThat(e.chain()).hasSize(4))
        .hasMessage("events nested deeper than 3 (a handler probably triggers its own event again): "
            + "store.preUpdate@tasks.update -> store.preUpdate@tasks.update -> store.preUpdate@tasks.update"
            + " -> store.preUpdate@tasks.update" + FIX);
  }

  @Test
  void theChainShowsEveryEventAndPathOutermostFirst() {
    Scribe scribe = TestTiers.builder().maxDepth(4).build();
    EventManager tasks = scribe.register(TestTiers.STORE, new Object());
    EventManager subtasks = scribe.register(TestTiers.STORE, new Object());
    tasks.on("postUpdate", args -> subtasks.fire("preUpdate", TestTiers.args("tasks.subtasks.update")));
    subtasks.on("preUpdate", args -> subtasks.fire("postUpdate", TestTiers.args("tasks.subtasks.update")));
    subtasks.on("postUpdate", args -> tasks.fire("postUpdate", TestTiers.args("tasks.update")));

    assertThatThrownBy(() -> tasks.fire("postUpdate", TestTiers.args("tasks.update")))
        .isInstanceOfSatisfying(DispatchDepthException.class, e -> assertThat(e.chain()).containsExactly(
            "store.postUpdate@tasks.update", "store.preUpdate@tasks.subtasks.update",
            "store.postUpdate@tasks.subtasks.update", "store.postUpdate@tasks.update",
            "store.preUpdate@tasks.subtasks.update"));
  }

  @Test
  void eventsWithoutPathAppearWithoutOne() {
    Scribe scribe = TestTiers.builder().maxDepth(1).build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.on("preCreate", args -> events.fire("postCreate", EventArgs.create()));
    events.on("postCreate", args -> {});

    assertThatThrownBy(() -> events.fire("preCreate", EventArgs.create()))
        .hasMessage("events nested deeper than 1 (a handler probably triggers its own event again): "
            + "store.preCreate -> store.postCreate" + FIX);
  }

  @Test
  void nestingUpToTheLimitIsAllowedAndTheDepthIsRestoredAfterAFailure() {
    Scribe scribe = TestTiers.builder().maxDepth(3).build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    List<Integer> levels = new ArrayList<>();
    events.on("preUpdate", args -> {
      int level = (Integer) args.get("level");
      levels.add(level);
      if (level < (Integer) args.get("until")) {
        events.fire("preUpdate", EventArgs.builder().put("level", level + 1).put("until", args.get("until")).build());
      }
    });

    assertThatThrownBy(() -> events.fire("preUpdate", EventArgs.builder().put("level", 1).put("until", 4).build()))
        .isInstanceOf(DispatchDepthException.class);
    levels.clear();
    events.fire("preUpdate", EventArgs.builder().put("level", 1).put("until", 3).build());

    assertThat(levels).containsExactly(1, 2, 3);
  }

  @Test
  void theDefaultLimitIs32AndAtLeastOneIsRequired() {
    assertThat(TestTiers.scribe().maxDepth()).isEqualTo(32);
    assertThatThrownBy(() -> Scribe.builder().maxDepth(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("maxDepth must be at least 1 and at most 256, not 0;");
  }

  @Test
  void aLimitDeeperThanAThreadsStackHoldsIsRefusedAndTheDeepestOneStillStopsTheLoop() throws InterruptedException {
    // a handler re-firing its own event overflowed a thread's default stack after 627 levels: with maxDepth(100000)
    // the guard never fired, and the loop ended in a StackOverflowError without its chain
    assertThatThrownBy(() -> Scribe.builder().maxDepth(257))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("maxDepth must be at least 1 and at most 256, not 257; deeper, a thread's stack overflows before the"
            + " guard can stop a handler that triggers its own event (32 by default)");
    Scribe scribe = TestTiers.builder().maxDepth(256).build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.on("preCreate", args -> events.fire("preCreate", args));
    List<Throwable> thrown = new ArrayList<>();
    Thread loop = new Thread(() -> {
      try {
        events.fire("preCreate", TestTiers.args("tasks.store"));
      } catch (Throwable e) {
        thrown.add(e);
      }
    }, "loop");
    loop.start();
    loop.join();
    assertThat(thrown).singleElement().isInstanceOf(DispatchDepthException.class);
  }

  @Test
  void depthIsCountedPerThreadEvenForArgsHandedToAnotherThread() throws InterruptedException {
    Scribe scribe = TestTiers.builder().maxDepth(2).build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    EventArgs shared = TestTiers.args("tasks.store");
    List<Throwable> failures = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    events.on("postCreate", args -> events.fire("preUpdate", args));
    events.on("preUpdate", args -> ran.add(Thread.currentThread().getName()));
    events.on("preCreate", args -> {
      Thread other = new Thread(() -> {
        try {
          events.fire("postCreate", shared);
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }, "other");
      other.start();
      try {
        other.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    events.fire("preCreate", shared);

    assertThat(failures).isEmpty();
    assertThat(ran).containsExactly("other");
  }
}
