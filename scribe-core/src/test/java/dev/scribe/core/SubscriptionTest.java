package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every subscription can be removed; removing one of two attachments of the same instance keeps the other. */
class SubscriptionTest {
  private final Journal journal = new Journal();
  private final Scribe scribe = TestTiers.builder().handler("stamp", journal.record("stamp")).build();
  private final EventManager events = scribe.register(TestTiers.STORE, new Object());

  private void fire() {
    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));
  }

  @Test
  void aRemovedSubscriberNoLongerRunsForAnyOfItsEvents() {
    Subscription subscription = events.subscribe(new RecordingHandler("sub", journal));
    fire();

    subscription.remove();
    fire();
    events.fire(TestTiers.POST_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("sub.preCreate");
    assertThat(subscription.active()).isFalse();
    assertThat(events.hasHandlers("postCreate")).isFalse();
  }

  @Test
  void aRemovedLambdaNoLongerRuns() {
    Subscription lambda = events.on("preCreate", journal.record("lambda"));
    events.on("preCreate", journal.record("stays"));
    fire();

    lambda.remove();
    fire();

    assertThat(journal.entries()).containsExactly("lambda", "stays", "stays");
  }

  @Test
  void aRemovedNamedHandlerNoLongerRuns() {
    Subscription named = events.bind(HandlerSpec.of("preCreate").name("stamp"));
    fire();

    named.remove();
    fire();

    assertThat(journal.entries()).containsExactly("stamp");
  }

  @Test
  void aRemovedTierWideSubscriptionStopsForEveryOwner() {
    EventManager other = scribe.register(TestTiers.STORE, new Object());
    Subscription tierWide = scribe.tier(TestTiers.STORE).on("preCreate", journal.record("tier"));
    fire();

    tierWide.remove();
    fire();
    other.fire(TestTiers.PRE_CREATE, TestTiers.args("comments.store"));

    assertThat(journal.entries()).containsExactly("tier");
  }

  @Test
  void removingOneOfTwoAttachmentsOfTheSameInstanceKeepsTheOther() {
    RecordingHandler shared = new RecordingHandler("shared", journal);
    Subscription onOwner = events.subscribe(shared);
    scribe.tier(TestTiers.STORE).subscribe(shared);
    fire();

    onOwner.remove();
    fire();

    assertThat(journal.entries()).containsExactly("shared.preCreate", "shared.preCreate");
  }

  @Test
  void removingTwiceIsHarmlessAndCloseRemoves() {
    Subscription first = events.on("preCreate", journal.record("first"));
    first.remove();
    first.remove();
    try (Subscription scoped = events.on("preCreate", journal.record("scoped"))) {
      fire();
      assertThat(scoped.active()).isTrue();
    }
    fire();

    assertThat(journal.entries()).containsExactly("scoped");
  }

  @Test
  void aHandlerCanRemoveItsOwnSubscriptionWhileRunning() {
    Subscription[] self = new Subscription[1];
    self[0] = events.on("preCreate", args -> {
      journal.add("once");
      self[0].remove();
    });
    events.on("preCreate", journal.record("after"));

    fire();
    fire();

    assertThat(journal.entries()).containsExactly("once", "after", "after");
  }

  @Test
  void aSubscriptionAddedWhileDispatchingRunsFromTheNextEvent() {
    events.on("preCreate", args -> {
      if (args.get("added") == null) {
        events.on("preCreate", journal.record("late"));
      }
    });

    events.fire(TestTiers.PRE_CREATE, EventArgs.builder().path("tasks.store").build());
    events.fire(TestTiers.PRE_CREATE, EventArgs.builder().path("tasks.store").put("added", true).build());

    assertThat(journal.entries()).containsExactly("late");
  }

  @Test
  void aHandlerRemovedByAnEarlierOneRunsForTheEventBeingDispatchedAndNotAfter() {
    Subscription[] later = new Subscription[1];
    events.on("preCreate", args -> {
      journal.add("remover");
      later[0].remove();
    });
    later[0] = events.on("preCreate", journal.record("removed"));

    fire();
    fire();

    assertThat(journal.entries()).containsExactly("remover", "removed", "remover");
  }
}
