package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** describe() lists every event of a manager with its handlers in dispatch order. */
class IntrospectionTest {
  private final Journal journal = new Journal();

  static final class Audit {
    @On(value = "postCreate", priority = -10, path = "admin.**")
    void record(EventArgs args) {}

    void preCreate(EventArgs args) {}
  }

  @Test
  void everyEventIsListedWithItsHandlersInDispatchOrder() {
    Scribe scribe = TestTiers.builder().handler("stamp", args -> {}).build();
    EventManager tier = scribe.tier(TestTiers.STORE);
    tier.bind(HandlerSpec.of("preCreate").name("stamp").path("tasks.**"));
    EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));
    events.subscribe(new Audit());
    tier.on(HandlerSpec.of("postCreate").name("notify").priority(5), args -> {});
    events.on("preCreate", args -> {});

    List<EventDescription> description = events.describe();

    assertThat(description).extracting(EventDescription::event)
        .containsExactly("preCreate", "validateCreate", "postCreate", "preUpdate", "postUpdate");
    assertThat(description).extracting(EventDescription::tier).containsOnly("store");
    assertThat(description.get(0).handlers()).containsExactly(
        new HandlerInfo("RecordingOwner.preCreate", HandlerSource.OWN_METHOD, 0, null, "RecordingOwner"),
        new HandlerInfo("stamp", HandlerSource.NAMED, 0, "tasks.**", "tier"),
        new HandlerInfo("Audit.preCreate", HandlerSource.SUBSCRIBER, 0, null, "RecordingOwner"),
        new HandlerInfo("lambda#7@IntrospectionTest", HandlerSource.LAMBDA, 0, null, "RecordingOwner"));
    assertThat(description.get(1).handlers()).isEmpty();
    assertThat(description.get(2).handlers()).containsExactly(
        new HandlerInfo("notify", HandlerSource.LAMBDA, 5, null, "tier"),
        new HandlerInfo("RecordingOwner.postCreate", HandlerSource.OWN_METHOD, 0, null, "RecordingOwner"),
        new HandlerInfo("Audit.record", HandlerSource.SUBSCRIBER, -10, "admin.**", "RecordingOwner"));
  }

  @Test
  void handlerInfoReadsAsOneLine() {
    assertThat(new HandlerInfo("Audit.record", HandlerSource.SUBSCRIBER, -10, "admin.**", "TaskRepository"))
        .hasToString("Audit.record [subscriber, priority -10, path admin.**, on TaskRepository]");
    assertThat(new HandlerInfo("RecordingOwner.preCreate", HandlerSource.OWN_METHOD, 0, null, "RecordingOwner"))
        .hasToString("RecordingOwner.preCreate [own_method, priority 0, on RecordingOwner]");
  }

  @Test
  void theApplicationListsItsOwnerManagersInRegistrationOrder() {
    Scribe scribe = TestTiers.scribe();
    EventManager first = scribe.register(TestTiers.STORE, new RecordingOwner(journal));
    EventManager second = scribe.registerType(TestTiers.ENTITY, String.class, Object.class);

    assertThat(scribe.managers()).containsExactly(first, second);
    assertThat(first.owner()).isEqualTo("RecordingOwner");
    assertThat(second.owner()).isEqualTo("String");
    assertThat(scribe.tier(TestTiers.STORE).owner()).isEqualTo("tier");
    assertThat(first).hasToString("EventManager[store, RecordingOwner]");
    assertThat(second.tier()).isSameAs(TestTiers.ENTITY);
  }

  @Test
  void aTierListsItsEventsAndFindsThemByName() {
    assertThat(TestTiers.STORE.eventNames()).containsExactly("preCreate", "validateCreate", "postCreate", "preUpdate",
        "postUpdate");
    assertThat(TestTiers.STORE.find("preCreate")).containsSame(TestTiers.PRE_CREATE);
    assertThat(TestTiers.STORE.find("onPreStore")).isEmpty();
    assertThat(TestTiers.PRE_CREATE).hasToString("store.preCreate");
    assertThat(TestTiers.PRE_CREATE.tier()).isSameAs(TestTiers.STORE);
  }
}
