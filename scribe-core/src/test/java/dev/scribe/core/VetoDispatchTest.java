package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A veto or any other exception stops the event's remaining handlers and reaches the caller as it was thrown. */
class VetoDispatchTest {
  private final Scribe scribe = TestTiers.scribe();
  private final Journal journal = new Journal();
  private final EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));

  @Test
  void vetoStopsLaterHandlersAndReachesTheCallerAsTheSameInstance() {
    Veto veto = new Veto(409, "a task with this title is already open");
    events.on("preCreate", args -> {
      throw veto;
    });
    events.on("preCreate", journal.record("after the veto"));
    scribe.tier(TestTiers.STORE).on("preCreate", journal.record("tier, after the veto"));

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"))).isSameAs(veto);
    assertThat(journal.entries()).containsExactly("own.preCreate");
  }

  @Test
  void vetoFromAnOwnMethodStopsEverySubscriber() {
    EventManager vetoing = scribe.register(TestTiers.STORE, new Object() {
      void preCreate(EventArgs args) {
        throw Veto.field("title", "must not be blank");
      }
    });
    vetoing.subscribe(new RecordingHandler("subscriber", journal));

    assertThatThrownBy(() -> vetoing.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store")))
        .isInstanceOfSatisfying(Veto.class, veto -> assertThat(veto.status()).isEqualTo(422));
    assertThat(journal.entries()).isEmpty();
  }

  @Test
  void anyOtherExceptionPropagatesUnchangedAndStopsLaterHandlers() {
    IllegalStateException failure = new IllegalStateException("database gone");
    events.on("preCreate", args -> {
      throw failure;
    });
    events.on("preCreate", journal.record("after the failure"));

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"))).isSameAs(failure);
    assertThat(journal.entries()).containsExactly("own.preCreate");
  }

  @Test
  void errorsPropagateUnchanged() {
    AssertionError error = new AssertionError("invariant broken");
    events.on("preCreate", args -> {
      throw error;
    });

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"))).isSameAs(error);
  }

  @Test
  void aVetoFromANestedEventReachesTheOuterCallerUnchanged() {
    Veto veto = new Veto("inner refused");
    events.on("postCreate", args -> {
      throw veto;
    });
    events.on("preCreate", args -> events.fire(TestTiers.POST_CREATE, TestTiers.args("tasks.store")));
    events.on("preCreate", journal.record("after the nested veto"));

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"))).isSameAs(veto);
    assertThat(journal.entries()).containsExactly("own.preCreate", "own.postCreate");
  }

  @Test
  void afterAVetoTheManagerDispatchesNormallyAgain() {
    boolean[] refuse = {true};
    events.on("preCreate", args -> {
      if (refuse[0]) {
        throw new Veto("not now");
      }
    });
    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"))).isInstanceOf(Veto.class);

    refuse[0] = false;
    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("own.preCreate", "own.preCreate");
  }
}
