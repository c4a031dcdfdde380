package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A veto or any other exception stops the event's remaining handlers and reaches the caller as it was thrown; a veto
 * that says nothing (blank messages, or none) is given a message naming its status and the event.
 */
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
  void aVetoThatSaysNothingReachesTheCallerSayingItsStatusAndTheEvent() {
    Veto blank = new Veto(java.util.List.of(" "), 409, java.util.Map.of(), java.util.List.of()) {};
    Veto noRecordMessage = Veto.ofRecords(java.util.List.of(new Veto.RecordError(1, 422, java.util.List.of(),
        java.util.Map.of())));
    String said = "refused with status %d by a handler of preCreate, which gave no message";

    Subscription first = events.on("preCreate", args -> {
      throw blank;
    });
    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store")))
        .isInstanceOfSatisfying(Veto.class, veto -> {
          assertThat(veto.messages()).containsExactly(String.format(said, 409));
          assertThat(veto.status()).isEqualTo(409);
          assertThat(veto.getSuppressed()).containsExactly(blank);
        });
    first.remove();
    Scribe tracing = TestTiers.builder().trace(true).build();
    EventManager traced = tracing.register(TestTiers.STORE, new RecordingOwner(journal));
    traced.on("preCreate", args -> {
      throw noRecordMessage;
    });
    try (TraceScope scope = tracing.openTrace()) {
      assertThatThrownBy(() -> traced.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store")))
          .isInstanceOfSatisfying(Veto.class, veto -> {
            assertThat(veto.messages()).containsExactly(String.format(said, 422));
            assertThat(veto.records()).singleElement().satisfies(record -> {
              assertThat(record.index()).isEqualTo(1);
              assertThat(record.messages()).containsExactly(String.format(said, 422));
            });
          });
      assertThat(scope.trace().entries()).extracting(TraceEntry::outcome)
          .contains("veto 422: " + String.format(said, 422));
    }
  }

  /** A veto type of the application's own, whose messages a handler left blank. */
  static final class TitleTaken extends Veto {
    private static final long serialVersionUID = 1L;

    TitleTaken(Throwable cause) {
      super(java.util.List.of(""), 409, java.util.Map.of("title", java.util.List.of("is taken")), java.util.List.of());
      initCause(cause);
    }
  }

  @Test
  void aVetoSubclassThatSaysNothingStaysOfItsClassWhenGivenAMessage() {
    IllegalStateException cause = new IllegalStateException("unique index");
    TitleTaken thrown = new TitleTaken(cause);
    events.on("preCreate", args -> {
      throw thrown;
    });

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store")))
        .isInstanceOfSatisfying(TitleTaken.class, veto -> {
          String said = "refused with status 409 by a handler of preCreate, which gave no message";
          assertThat(veto.messages()).containsExactly(said);
          assertThat(veto.getMessage()).isEqualTo(said + " {title=[is taken]}");
          assertThat(veto.status()).isEqualTo(409);
          assertThat(veto.fieldErrors()).isEqualTo(java.util.Map.of("title", java.util.List.of("is taken")));
          assertThat(veto.getCause()).isSameAs(cause);
          assertThat(veto.getSuppressed()).containsExactly(thrown);
        });
    assertThat(thrown.messages()).containsExactly("");
    assertThat(thrown.getSuppressed()).isEmpty();
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
  void aCheckedExceptionAHandlerThrowsUndeclaredReachesTheCallerWrappedAndNamingTheHandler() {
    // a Kotlin handler, or a Java one using a sneaky throw: EventHandler.handle declares none, so callers that
    // catch RuntimeException and Error (units of work, preStop, onError) let it pass by and never saw it
    java.io.IOException disk = new java.io.IOException("disk full");
    events.on(HandlerSpec.of("preCreate").name("writeReport"), args -> sneaky(disk));
    events.on("preCreate", journal.record("after the failure"));
    String message = "handler writeReport of store.preCreate threw java.io.IOException: disk full, a checked exception,"
        + " which EventHandler.handle does not declare; it is the cause of this ScribeException";

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store")))
        .isExactlyInstanceOf(ScribeException.class).hasMessage(message).hasCause(disk);
    assertThat(journal.entries()).containsExactly("own.preCreate");

    Scribe traced = TestTiers.builder().trace(true).build();
    EventManager tracedEvents = traced.register(TestTiers.STORE, new Object());
    tracedEvents.on(HandlerSpec.of("preCreate").name("writeReport"), args -> sneaky(disk));
    try (TraceScope scope = traced.openTrace()) {
      assertThatThrownBy(() -> tracedEvents.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store")))
          .isExactlyInstanceOf(ScribeException.class).hasMessage(message).hasCause(disk);
      assertThat(scope.trace().entries()).extracting(TraceEntry::outcome)
          .containsExactly("exception ScribeException: " + message);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable checked) throws T {
    throw (T) checked;
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
