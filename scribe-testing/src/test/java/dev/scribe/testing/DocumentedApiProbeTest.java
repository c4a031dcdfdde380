package dev.scribe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.Tier;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The helpers of docs/testing.md used as the page and their javadoc say, including with what they refuse. */
class DocumentedApiProbeTest {
  private static final Tier TIER = Tier.builder("shop").events("preOrder", "verifyOrder", "postOrder").build();

  private final Scribe scribe = Scribe.builder().tier(TIER).discoverTiers(false).trace(true).build();

  @Test
  void aNullEventNameIsRefusedRatherThanMatchingNothing() {
    try (EventRecorder events = EventRecorder.record(scribe, TIER)) {
      scribe.tier(TIER).fire("preOrder", EventArgs.of(this, "orders.store"));
      assertThatThrownBy(() -> events.assertNotFired(null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> events.events(null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> events.assertFiredInOrder("preOrder", null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> events.assertVetoedBy(null)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aTierNamedTwiceIsRecordedOnce() {
    // each naming attached the recorder's handlers again, so every event was recorded once per naming
    try (EventRecorder events = EventRecorder.record(scribe, TIER, TIER)) {
      scribe.tier(TIER).fire("preOrder", EventArgs.of(this, "orders.store"));

      events.assertFiredExactly("shop.preOrder");
      assertThat(scribe.tier(TIER).handlers("preOrder")).hasSize(2);
    }
  }

  @Test
  void aManagerAddedTwiceIsRecordedOnceAndUnderOneLabel() {
    dev.scribe.core.EventManager shop = scribe.register(TIER, new Object());
    try (EventRecorder events = EventRecorder.record(shop, "shop").and(shop, "shop")) {
      shop.fire("preOrder", EventArgs.of(this, "orders.store"));

      events.assertFiredExactly("shop.preOrder");
      assertThatThrownBy(() -> events.and(shop, "orders")).isInstanceOf(UsageException.class)
          .hasMessage("this EventRecorder records EventManager[shop, Object] as 'shop' already; record each manager"
              + " once, under one label");
    }
  }

  @Test
  void aBadPathGlobIsAUsageExceptionNamingTheCall() {
    assertThatThrownBy(() -> EventRecorder.recordPaths(scribe, "admin..tasks")).isInstanceOf(UsageException.class)
        .hasMessage("EventRecorder.recordPaths(scribe, \"admin..tasks\"): path glob 'admin..tasks' has an invalid segment"
            + " ''; segments are names (letters, digits, _ or -), * (one segment) or ** (any number), separated by dots;"
            + " e.g. recordPaths(scribe, \"admin.**\")");
    assertThat(scribe.tier(TIER).handlers("preOrder")).as("nothing attached").isEmpty();
  }

  @Test
  void aNullTierToRecordIsAUsageException() {
    assertThatThrownBy(() -> EventRecorder.record(scribe, (Tier) null)).isInstanceOf(UsageException.class)
        .hasMessage("EventRecorder.record(scribe, [null]): a tier is null; pass the tiers to record, e.g."
            + " RepositoryTier.TIER, or none for every tier [shop]");
    assertThatThrownBy(() -> EventRecorder.recordPaths(scribe, "orders.**", (Tier[]) null))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("EventRecorder.record(scribe, null): a tier is null");
  }

  @Test
  void aManagerRecorderOfATracingApplicationNamesTheVetoingHandler() {
    try (DataStore store = DataStore.builder(Scribe.builder().trace(true).build())
        .jdbcUrl("jdbc:h2:mem:probe-manager;DB_CLOSE_DELAY=-1").entities(Note.class).schemaAction("create-drop").build()) {
      NoteRepository notes = store.register(new NoteRepository());
      Note note = notes.create(Map.of("title", "Keep", "pinned", true));
      try (EventRecorder events = EventRecorder.record(notes.events(), "notes")) {
        assertThatThrownBy(() -> notes.delete(note.id)).isInstanceOf(Veto.class);

        assertThat(events.last("verifyDelete").stoppedBy()).isEqualTo("NoteRepository.verifyDelete");
        assertThat(events.last("verifyDelete").failure()).isEqualTo("veto 409: note " + note.id + " is pinned");
        events.assertVetoedBy("NoteRepository.verifyDelete").assertNotFired("postDelete");
      }
    }
  }

  @Test
  void aManagerRecorderOfAnApplicationThatDoesNotTraceSaysWhy() {
    try (DataStore store = DataStore.builder(Scribe.create())
        .jdbcUrl("jdbc:h2:mem:probe-untraced;DB_CLOSE_DELAY=-1").entities(Note.class).schemaAction("create-drop").build()) {
      NoteRepository notes = store.register(new NoteRepository());
      Note note = notes.create(Map.of("title", "Keep", "pinned", true));
      try (EventRecorder events = EventRecorder.record(notes.events(), "notes")) {
        assertThatThrownBy(() -> notes.delete(note.id)).isInstanceOf(Veto.class);

        assertThatThrownBy(() -> events.assertVetoedBy("NoteRepository.verifyDelete"))
            .hasMessageEndingWith("(the application does not trace, so stopped events do not name their handler: build"
                + " it with Scribe.builder().trace(true))");
      }
    }
  }

  @Test
  void anOddNumberOfHeaderArgumentsAndANullHeaderNameToReadAreUsageExceptions() {
    TestClient client = TestClient.of(java.net.URI.create("http://127.0.0.1:1/"));
    assertThatThrownBy(() -> client.get("/notes", "Accept")).isInstanceOf(UsageException.class)
        .hasMessage("headers come as name, value pairs; got an odd number: [Accept]");
    TestResponse response = new TestResponse(204, HttpHeaders.of(Map.of(), (a, b) -> true), "");
    assertThatThrownBy(() -> response.header(null)).isInstanceOf(UsageException.class)
        .hasMessage("header(null): pass the name of the response header to read, e.g. header(\"Location\")");
  }

  @Test
  void aManagerRecordedWithoutALabelIsAUsageException() {
    dev.scribe.core.EventManager shop = scribe.register(TIER, new Object());
    assertThatThrownBy(() -> EventRecorder.record(shop, null)).isInstanceOf(UsageException.class)
        .hasMessage("EventRecorder.record(EventManager[shop, Object], null): pass the label its events are named with,"
            + " e.g. EventRecorder.record(notes.events(), \"notes\") names them notes.preCreate");
    assertThatThrownBy(() -> EventRecorder.record(scribe, TIER).and(shop, " ")).isInstanceOf(UsageException.class);
    try (EventRecorder events = EventRecorder.record(shop, "orders")) {
      shop.fire("preOrder", EventArgs.of(this, "orders.store"));
      events.assertFiredExactly("orders.preOrder");
    }
  }

  @Test
  void aTestServerThatIsNotStartedSaysSo() {
    TestServer server = new TestServer();
    assertThat(server.started()).isFalse();
    assertThatThrownBy(server::client).isInstanceOf(UsageException.class).hasMessageContaining("not started");
    assertThatThrownBy(server::uri).isInstanceOf(UsageException.class);
    server.close();
    server.close();
  }

  @Test
  void anAnnotationWithoutEntitiesIsRefusedAsTheBuilderRefusesIt() {
    TestExecutionSummary summary = run(WithoutEntities.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasRootCauseInstanceOf(UsageException.class)
        .rootCause().hasMessage("@ScribeTest(entities = {}) on WithoutEntities names no entity class; a ScribeExtension"
            + " needs the entity classes of its store: @ScribeTest(entities = Task.class)");
  }

  @Test
  void anExtensionOptionThatReturnsNoBuilderIsNamed() {
    TestExecutionSummary summary = run(OptionsReturningNull.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasRootCauseInstanceOf(UsageException.class)
        .rootCause().hasMessage("ScribeExtension.builder().scribe(...) returned null; return the builder it was given,"
            + " e.g. scribe(builder -> builder.handler(\"trim\", ...))");
  }

  /** Misconfigured on purpose; run only by {@link #anExtensionOptionThatReturnsNoBuilderIsNamed}. */
  static class OptionsReturningNull {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final ScribeExtension SCRIBE = ScribeExtension.builder().entities(Note.class).scribe(builder -> {
      builder.handler("trim", args -> {});
      return null;
    }).build();

    @Test
    void needsAStore(DataStore store) {}
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
    return listener.getSummary();
  }

  /** Misconfigured on purpose; run only by {@link #anAnnotationWithoutEntitiesIsRefusedAsTheBuilderRefusesIt}. */
  @ScribeTest(entities = {})
  static class WithoutEntities {
    @Test
    void needsAStore(DataStore store) {}
  }
}
