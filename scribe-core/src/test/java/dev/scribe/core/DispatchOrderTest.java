package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dispatch order: priority, then own methods, then attach order across the owner and tier levels; nesting. */
class DispatchOrderTest {
  private final Scribe scribe = TestTiers.scribe();
  private final Journal journal = new Journal();

  static class PrioritisedOwner extends RecordingOwner {
    PrioritisedOwner(Journal journal) {
      super(journal);
    }

    @On(value = "preCreate", priority = 5)
    void early(EventArgs args) {
      journal.add("own.early");
    }
  }

  static final class PrioritisedSubscriber {
    private final Journal journal;

    PrioritisedSubscriber(Journal journal) {
      this.journal = journal;
    }

    @On(value = "preCreate", priority = 1)
    void before(EventArgs args) {
      journal.add("subscriber.before");
    }

    @On(value = "preCreate", priority = -1)
    void after(EventArgs args) {
      journal.add("subscriber.after");
    }
  }

  @Test
  void higherPriorityRunsFirstAcrossOwnerAndTierLevels() {
    EventManager tier = scribe.tier(TestTiers.STORE);
    tier.on(HandlerSpec.of("preCreate").priority(10), journal.record("tier.lambda.10"));
    EventManager events = scribe.register(TestTiers.STORE, new PrioritisedOwner(journal));
    events.on(HandlerSpec.of("preCreate").priority(-5), journal.record("owner.lambda.-5"));
    events.subscribe(new PrioritisedSubscriber(journal));

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("tier.lambda.10", "own.early", "subscriber.before", "own.preCreate",
        "subscriber.after", "owner.lambda.-5");
  }

  @Test
  void theExtremePrioritiesRunFirstAndLast() {
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.on(HandlerSpec.of("preCreate").priority(Integer.MIN_VALUE), journal.record("min"));
    events.on(HandlerSpec.of("preCreate").priority(Integer.MIN_VALUE + 1), journal.record("min+1"));
    events.on("preCreate", journal.record("zero"));
    events.on(HandlerSpec.of("preCreate").priority(Integer.MAX_VALUE), journal.record("max"));

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("max", "zero", "min+1", "min");
  }

  @Test
  void equalPriorityRunsOwnMethodsFirstThenAttachOrderAcrossLevels() {
    EventManager tier = scribe.tier(TestTiers.STORE);
    tier.subscribe(new RecordingHandler("tierFirst", journal));
    EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));
    events.on("preCreate", journal.record("ownerLambda"));
    tier.on("preCreate", journal.record("tierLambda"));
    events.subscribe(new RecordingHandler("ownerSubscriber", journal));

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("own.preCreate", "tierFirst.preCreate", "ownerLambda", "tierLambda",
        "ownerSubscriber.preCreate");
  }

  @Test
  void tierWideHandlersRunForEveryOwnerButOwnerHandlersOnlyForTheirs() {
    EventManager first = scribe.register(TestTiers.STORE, new Object());
    EventManager second = scribe.register(TestTiers.STORE, new Object());
    scribe.tier(TestTiers.STORE).on("preCreate", journal.record("tier"));
    first.on("preCreate", journal.record("first"));

    first.fire(TestTiers.PRE_CREATE, TestTiers.args("a.store"));
    second.fire(TestTiers.PRE_CREATE, TestTiers.args("b.store"));

    assertThat(journal.entries()).containsExactly("tier", "first", "tier");
  }

  @Test
  void firingTheTierManagerRunsOnlyTierWideHandlers() {
    EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));
    scribe.tier(TestTiers.STORE).on("preCreate", journal.record("tier"));

    scribe.tier(TestTiers.STORE).fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("tier");
    assertThat(events.parent()).isSameAs(scribe.tier(TestTiers.STORE));
  }

  @Test
  void anEventFiredInsideAHandlerRunsAtOnceNotAfterwards() {
    EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));
    events.on("preCreate", args -> {
      journal.add("outer.start");
      events.fire(TestTiers.POST_CREATE, TestTiers.args("tasks.store"));
      journal.add("outer.end");
    });
    events.on("preCreate", journal.record("outer.next"));
    events.on("postCreate", journal.record("inner.lambda"));

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("own.preCreate", "outer.start", "own.postCreate", "inner.lambda",
        "outer.end", "outer.next");
  }

  @Test
  void theSameSubscriberOnOwnerAndTierRunsOnceAtItsFirstPlace() {
    RecordingHandler shared = new RecordingHandler("shared", journal);
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    scribe.tier(TestTiers.STORE).subscribe(shared);
    events.on("preCreate", journal.record("lambda"));
    events.subscribe(shared);

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("shared.preCreate", "lambda");
    assertThat(events.handlers("preCreate")).extracting(HandlerInfo::level).containsExactly("tier", "Object");
  }

  @Test
  void theSameLambdaOnOwnerAndTierRunsOnce() {
    EventHandler once = journal.record("once");
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.on("preCreate", once);
    scribe.tier(TestTiers.STORE).on("preCreate", once);

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("once");
  }

  @Test
  void twoInstancesOfOneSubscriberClassBothRun() {
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.subscribe(new RecordingHandler("a", journal));
    events.subscribe(new RecordingHandler("b", journal));

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("a.preCreate", "b.preCreate");
  }

  @Test
  void aDuplicateRunsForThePathsOfEitherAttachment() {
    RecordingHandler shared = new RecordingHandler("shared", journal);
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.subscribe(shared, "admin.**");
    scribe.tier(TestTiers.STORE).subscribe(shared, "*.store");

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("admin.tasks.update"));
    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));
    events.fire(TestTiers.PRE_CREATE, TestTiers.args("admin.tasks.store"));
    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.update"));

    assertThat(journal.entries()).containsExactly("shared.preCreate", "shared.preCreate", "shared.preCreate");
    assertThat(events.handlers("preCreate")).extracting(HandlerInfo::pathFilter).containsExactly("admin.**, *.store");
  }

  @Test
  void aDuplicateWithoutFilterOnOneLevelRunsForEveryPath() {
    RecordingHandler shared = new RecordingHandler("shared", journal);
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.subscribe(shared, "admin.**");
    scribe.tier(TestTiers.STORE).subscribe(shared);

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("shared.preCreate");
  }

  @Test
  void firingReturnsTheSameArgs() {
    EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));
    EventArgs args = TestTiers.args("tasks.store");
    EventArgs unhandled = TestTiers.args("tasks.store");

    assertThat(events.fire("preCreate", args)).isSameAs(args);
    assertThat(events.fire("preUpdate", unhandled)).isSameAs(unhandled);
  }

  @Test
  void hasHandlersTellsWhetherAnythingIsAttached() {
    EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));

    assertThat(events.hasHandlers("preCreate")).isTrue();
    assertThat(events.hasHandlers("preUpdate")).isFalse();
    scribe.tier(TestTiers.STORE).on("preUpdate", args -> {});
    assertThat(events.hasHandlers("preUpdate")).isTrue();
  }
}
