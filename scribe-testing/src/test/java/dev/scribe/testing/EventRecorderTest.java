package dev.scribe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.EventArgs;
import dev.scribe.core.HandlerSpec;
import dev.scribe.core.Scribe;
import dev.scribe.core.Tier;
import dev.scribe.core.TraceScope;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.RepositoryTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an {@link EventRecorder} records and how its assertions fail, on a kernel of its own. */
class EventRecorderTest {
  private static final Tier TIER = Tier.builder("shop").events("preOrder", "verifyOrder", "postOrder").build();

  private final Scribe scribe = Scribe.builder().tier(TIER).discoverTiers(false).trace(true).build();

  private EventArgs fire(String event, String path, Map<String, Object> params) {
    EventArgs args = EventArgs.of(this, path);
    args.put(EventArgs.PARAMS, params);
    return scribe.tier(TIER).fire(event, args);
  }

  @Test
  void theSnapshotIsTheArgsBeforeTheFirstHandler() {
    scribe.tier(TIER).on("preOrder", args -> args.params().put("total", 42));
    try (EventRecorder events = EventRecorder.record(scribe)) {
      Map<String, Object> params = new java.util.LinkedHashMap<>(Map.of("item", "pen"));
      fire("preOrder", "orders.store", params);

      RecordedEvent pre = events.last("preOrder");
      assertThat(pre.arg("params")).isEqualTo(Map.of("item", "pen"));
      assertThat(params).containsEntry("total", 42);
      assertThat(pre.path()).isEqualTo("orders.store");
      assertThat(pre.completed()).isTrue();
      assertThat(pre.name()).isEqualTo("shop.preOrder");
    }
  }

  /**
   * The kernel refuses two handlers of one event under one name, so each recorder's handlers have names of their
   * own: two recorders of one application, and one recorder of a tier and of an owner of it, record side by side.
   */
  @Test
  void twoRecordersOfOneApplicationAndARecorderOfATierAndItsOwnerEachRecordEveryFiring() {
    dev.scribe.core.EventManager owner = scribe.register(TIER, new Object(), Object.class, "Shop");
    try (EventRecorder first = EventRecorder.record(scribe, TIER);
        EventRecorder second = EventRecorder.record(scribe, TIER).and(owner, "shop")) {
      owner.fire("preOrder", EventArgs.of(this, "orders.store"));

      first.assertFiredExactly("shop.preOrder");
      assertThat(second.names()).containsExactly("shop.preOrder", "shop.preOrder");
      second.assertNothingStopped();
    }
  }

  @Test
  void assertionsSayWhatFiredInstead() {
    try (EventRecorder events = EventRecorder.record(scribe, TIER)) {
      fire("preOrder", "orders.store", Map.of());
      fire("postOrder", "orders.store", Map.of());

      events.assertFiredInOrder("preOrder", "shop.postOrder").assertFiredExactly("shop.preOrder", "shop.postOrder")
          .assertNotFired("verifyOrder").assertNothingStopped();
      assertThatThrownBy(() -> events.assertFiredInOrder("postOrder", "preOrder")).isInstanceOf(AssertionError.class)
          .hasMessage("expected [postOrder, preOrder] to fire in this order, but preOrder did not fire after postOrder; "
              + "fired: [shop.preOrder, shop.postOrder]");
      assertThatThrownBy(() -> events.assertNotFired("postOrder")).hasMessage(
          "postOrder fired but should not have: [shop.postOrder @orders.store]");
      assertThatThrownBy(() -> events.last("verifyOrder")).hasMessage(
          "verifyOrder did not fire; fired: [shop.preOrder, shop.postOrder]");
    }
  }

  @Test
  void everyAssertionTakesANameWithOrWithoutItsTier() {
    try (EventRecorder events = EventRecorder.record(scribe, TIER)) {
      fire("preOrder", "orders.store", Map.of());
      fire("postOrder", "orders.store", Map.of());

      events.assertFiredExactly("preOrder", "postOrder").assertFiredExactly("shop.preOrder", "postOrder")
          .assertFiredInOrder("preOrder", "postOrder").assertFiredInOrder("shop.preOrder", "shop.postOrder")
          .assertNotFired("verifyOrder").assertNotFired("shop.verifyOrder");
      assertThat(events.events("postOrder")).isEqualTo(events.events("shop.postOrder")).hasSize(1);
      assertThat(events.last("preOrder")).isEqualTo(events.last("shop.preOrder"));
      assertThatThrownBy(() -> events.assertNotFired("postOrder")).isInstanceOf(AssertionError.class);
      assertThatThrownBy(() -> events.assertFiredExactly("preOrder")).isInstanceOf(AssertionError.class)
          .hasMessage("expected exactly [preOrder] to fire, in this order; fired: [shop.preOrder, shop.postOrder]");
      assertThatThrownBy(() -> events.assertFiredExactly("postOrder", "preOrder")).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void aNameNoRecordedEventHasIsRefusedInsteadOfPassingByNamingNothing() {
    try (EventRecorder events = EventRecorder.record(scribe, TIER)) {
      fire("verifyOrder", "orders.store", Map.of());

      assertThatThrownBy(() -> events.assertNotFired("verifyOrdr")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("no event this recorder records is named 'verifyOrdr' (did you mean verifyOrder?)");
      assertThatThrownBy(() -> events.assertFiredInOrder("preOrder", "shop.postOdrer"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(events.events("shop.verifyOrder")).hasSize(1);
    }
  }

  @Test
  void anOrderOfNoEventIsRefusedInsteadOfPassingByNamingNothing() {
    try (EventRecorder events = EventRecorder.record(scribe, TIER)) {
      fire("preOrder", "orders.store", Map.of());

      assertThatThrownBy(() -> events.assertFiredInOrder()).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("assertFiredInOrder() names no event, so it would pass whatever fired; name the events in the"
              + " order they must fire, e.g. assertFiredInOrder(\"preCreate\", \"postCreate\"), or use"
              + " assertFiredExactly() for nothing at all");
      assertThatThrownBy(() -> events.assertFiredInOrder((String[]) null)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("assertFiredInOrder(null) names no event");
      assertThatThrownBy(() -> events.assertFiredExactly()).isInstanceOf(AssertionError.class)
          .hasMessage("expected exactly [] to fire, in this order; fired: [shop.preOrder]");
    }
  }

  @Test
  void aPathGlobRecordsOnlyThoseEvents() {
    try (EventRecorder admin = EventRecorder.recordPaths(scribe, "admin.**")) {
      fire("preOrder", "orders.store", Map.of());
      fire("preOrder", "admin.orders.store", Map.of());

      assertThat(admin.events()).extracting(RecordedEvent::path).containsExactly("admin.orders.store");
    }
  }

  @Test
  void closingDetachesAndClearForgets() {
    EventRecorder events = EventRecorder.record(scribe);
    fire("preOrder", "orders.store", Map.of());
    events.clear();
    fire("postOrder", "orders.store", Map.of());
    events.close();
    fire("verifyOrder", "orders.store", Map.of());

    assertThat(events.names()).containsExactly("shop.postOrder");
    assertThat(scribe.tier(TIER).handlers("preOrder")).isEmpty();
  }

  @Test
  void aClosedRecorderRecordsNoMoreManagers() {
    EventRecorder events = EventRecorder.record(scribe);
    events.close();

    assertThatThrownBy(() -> events.and(scribe.tier(TIER), "shop"))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("this EventRecorder is closed: it records nothing more; start another with EventRecorder.record(...)");
    assertThat(scribe.tier(TIER).handlers("preOrder")).as("nothing attached again").isEmpty();
  }

  @Test
  void aStoppedEventNamesItsHandlerWhenTraced() {
    scribe.tier(TIER).on(dev.scribe.core.HandlerSpec.of("verifyOrder").name("stockCheck"), args -> {
      throw new IllegalStateException("out of pens");
    });
    try (EventRecorder events = EventRecorder.record(scribe);
         dev.scribe.core.TraceScope trace = scribe.openTrace()) {
      assertThatThrownBy(() -> fire("verifyOrder", "orders.store", Map.of())).hasMessage("out of pens");

      assertThat(events.stopped()).singleElement().satisfies(stopped -> {
        assertThat(stopped.stoppedBy()).isEqualTo("stockCheck");
        assertThat(stopped.failure()).isEqualTo("exception IllegalStateException: out of pens");
        assertThat(stopped).hasToString("shop.verifyOrder @orders.store stopped by stockCheck: "
            + "exception IllegalStateException: out of pens");
      });
      events.assertVetoedBy("stockCheck");
    }
  }

  @Test
  void aVetoFromAnyPriorityTheRecorderRunsAroundIsSeen() {
    scribe.tier(TIER).on(HandlerSpec.of("verifyOrder").name("first").priority(Integer.MAX_VALUE - 1), args -> { });
    try (EventRecorder events = EventRecorder.record(scribe);
         TraceScope trace = scribe.openTrace()) {
      scribe.tier(TIER).on(HandlerSpec.of("verifyOrder").name("lowest").priority(Integer.MIN_VALUE + 2), args -> {
        throw new Veto(409, "out of pens");
      });
      assertThatThrownBy(() -> fire("verifyOrder", "orders.store", Map.of())).isInstanceOf(Veto.class);

      events.assertVetoedBy("lowest");
      assertThat(events.stopped()).extracting(RecordedEvent::name).containsExactly("shop.verifyOrder");
    }
  }

  @Test
  void aHandlerAtIntegerMinValueMakesTheRecorderRefuseInsteadOfMissingItsVeto() {
    try (EventRecorder events = EventRecorder.record(scribe);
         TraceScope trace = scribe.openTrace()) {
      scribe.tier(TIER).on(HandlerSpec.of("verifyOrder").name("lastVeto").priority(Integer.MIN_VALUE), args -> {
        throw new Veto(409, "out of pens");
      });
      fire("preOrder", "orders.store", Map.of());
      assertThatThrownBy(() -> fire("verifyOrder", "orders.store", Map.of())).isInstanceOf(Veto.class);

      String refusal = "the recorder cannot tell how shop.verifyOrder went: handler lastVeto [lambda, priority "
          + Integer.MIN_VALUE + ", on tier] runs ";
      String fix = "; give lastVeto a priority from Integer.MIN_VALUE + 2 to Integer.MAX_VALUE - 1 (the recorder's own "
          + "handlers run at Integer.MAX_VALUE and Integer.MIN_VALUE + 1)";
      assertThatThrownBy(events::stopped).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(refusal).hasMessageEndingWith(fix);
      assertThatThrownBy(() -> events.assertVetoedBy("lastVeto")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(events::assertNothingStopped).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> events.assertNotFired("verifyOrder")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> events.last("shop.verifyOrder")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> events.assertFiredExactly("preOrder", "verifyOrder"))
          .isInstanceOf(IllegalStateException.class);
      events.assertFiredInOrder("preOrder").assertNotFired("postOrder");   // events it sees whole still answer
      assertThat(events.last("preOrder").completed()).isTrue();
    }
  }

  @Test
  void aHandlerAtTheRecordersOwnPrioritiesThatRunsBetweenItsHandlersIsSeen() {
    try (EventRecorder events = EventRecorder.record(scribe);
         TraceScope trace = scribe.openTrace()) {
      // equal priorities run in the order attached: after the recorder's first, before its last
      scribe.tier(TIER).on(HandlerSpec.of("verifyOrder").name("top").priority(Integer.MAX_VALUE), args -> {
        throw new Veto(409, "out of pens");
      });
      assertThatThrownBy(() -> fire("verifyOrder", "orders.store", Map.of())).isInstanceOf(Veto.class);

      events.assertVetoedBy("top");
      assertThat(events.names()).containsExactly("shop.verifyOrder");
    }
  }

  @Test
  void aHandlerAfterTheRecordersLastOrBeforeItsFirstIsRefusedToo() {
    scribe.tier(TIER).on(HandlerSpec.of("preOrder").name("early").priority(Integer.MAX_VALUE), args -> { });
    try (EventRecorder events = EventRecorder.record(scribe)) {
      scribe.tier(TIER).on(HandlerSpec.of("postOrder").name("late").priority(Integer.MIN_VALUE + 1), args -> {
        throw new Veto(409, "too late");
      });
      assertThatThrownBy(() -> fire("postOrder", "orders.store", Map.of())).isInstanceOf(Veto.class);

      assertThatThrownBy(() -> events.events("postOrder")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("handler late [lambda, priority " + (Integer.MIN_VALUE + 1) + ", on tier] runs after the "
              + "recorder's last handler, so a veto from it would leave the event recorded as completed");
      assertThatThrownBy(() -> events.events("preOrder")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("handler early [lambda, priority " + Integer.MAX_VALUE + ", on tier] runs before the "
              + "recorder's first handler, so a veto from it would leave the event unrecorded");
    }
  }

  @Test
  void withoutATraceAStoppedEventIsStillSeen() {
    Scribe untraced = Scribe.builder().tier(TIER).discoverTiers(false).build();
    untraced.tier(TIER).on("verifyOrder", args -> {
      throw new IllegalStateException("out of pens");
    });
    try (EventRecorder events = EventRecorder.record(untraced)) {
      assertThatThrownBy(() -> untraced.tier(TIER).fire("verifyOrder", EventArgs.of(this, "orders.store")));

      assertThat(events.stopped()).singleElement().satisfies(stopped -> assertThat(stopped.stoppedBy()).isNull());
      assertThatThrownBy(() -> events.assertVetoedBy("anything")).hasMessageEndingWith(
          "(the application does not trace, so stopped events do not name their handler: build it with "
              + "Scribe.builder().trace(true))");
    }
  }

  // testing.md: a controller's custom-action events are no tier's; the recorder takes them with and(actionEvents())
  @Test
  void aControllersCustomActionEventsAreRecordedThroughItsActionEvents() {
    Scribe kernel = Scribe.create();
    try (DataStore store = DataStore.builder(kernel).jdbcUrl("jdbc:h2:mem:recorder-actions;DB_CLOSE_DELAY=-1")
        .entities(Note.class).schemaAction("create-drop").build()) {
      NoteRepository notes = store.register(new NoteRepository());
      dev.scribe.controller.Controller<Note, Long> controller = new dev.scribe.controller.Controller<>(notes) {
        {
          action("pin", dev.scribe.controller.ActionScope.ITEM,
              args -> repository().update((Long) args.id(), Map.of("pinned", true)));
        }
      };
      Note note = notes.create(Map.of("title", "pin me"));
      try (EventRecorder events = EventRecorder.record(kernel).and(controller.actionEvents(), "controller")) {
        assertThat(controller.perform("pin", dev.scribe.controller.ActionRequest.builder().id(note.id).build()).status())
            .isEqualTo(200);

        events.assertFiredInOrder("controller.onInit", "controller.onPrePin", "repository.preUpdate",
            "controller.onPostPin").assertNothingStopped();
      }
    }
  }

  @Test
  void oneManagerWithALabel() {
    Scribe kernel = Scribe.create();
    try (DataStore store = DataStore.builder(kernel).jdbcUrl("jdbc:h2:mem:recorder-label;DB_CLOSE_DELAY=-1")
        .entities(Note.class).schemaAction("create-drop").build()) {
      NoteRepository notes = store.register(new NoteRepository());
      List<String> seen = new ArrayList<>();
      try (EventRecorder events = EventRecorder.record(notes.events(), "notes")
          .and(store.entities().events(Note.class), "Note")) {
        notes.create(Map.of("title", "labelled"));
        seen.addAll(events.names());
      }
      assertThat(seen).startsWith("notes.preStart", "notes.preCreateBatch", "notes.preCreate", "notes.preSave")
          .contains("Note.prePersist").endsWith("notes.postCreateBatch", "notes.preStop");
      assertThat(RepositoryTier.TIER.eventNames()).contains("preStart");
    }
  }
}
