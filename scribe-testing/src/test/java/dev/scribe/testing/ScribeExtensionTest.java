package dev.scribe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.scribe.core.HandlerSpec;
import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The extension registered with a builder: a store per test, custom Scribe options, and what it refuses. */
class ScribeExtensionTest {
  // tag::testing-extension[]
  @RegisterExtension
  static final ScribeExtension SCRIBE = ScribeExtension.builder()
      .entities(Note.class)
      .fresh(Fresh.STORE_PER_TEST)                        // a new database, store and handlers for each test
      .scribe(builder -> builder.handler("noShouting", args -> {
        if (String.valueOf(args.params().get("title")).equals(String.valueOf(args.params().get("title")).toUpperCase())) {
          throw new Veto(422, "no shouting");
        }
      }))
      .store(builder -> builder.poolSize(2))
      .build();
  // end::testing-extension[]

  private NoteRepository notes;
  private DataStore store;

  @BeforeEach
  void register(DataStore store) {
    this.store = store;
    notes = store.register(new NoteRepository());        // a second registration would be refused on a shared store
    notes.events().bind(HandlerSpec.of("validateCreate").name("noShouting"));
  }

  @Test
  void eachTestHasItsOwnDatabase() {
    assertThat(notes.create(Map.of("title", "first")).id).isEqualTo(1L);
  }

  @Test
  void eachTestHasItsOwnDatabaseToo() {
    assertThat(notes.create(Map.of("title", "first again")).id).isEqualTo(1L);
  }

  @Test
  void theScribeIsTheStoresAndBuiltWithTheGivenOptions(Scribe scribe, DataStore sameStore) {
    assertThat(sameStore).isSameAs(store);
    assertThat(scribe).isSameAs(store.scribe());
    assertThat(scribe.namedHandlers()).containsExactly("noShouting");
    assertThat(scribe.tracing()).isTrue();
  }

  @Test
  void aNamedHandlerVetoIsNamedByTheRecorder(EventRecorder events) {
    assertThatThrownBy(() -> notes.create(Map.of("title", "HELLO"))).isInstanceOf(Veto.class);

    events.assertVetoedBy("noShouting");
    assertThat(events.last("validateCreate").failure()).isEqualTo("veto 422: no shouting");
    assertThatThrownBy(() -> events.assertVetoedBy("NoteRepository.verifyDelete"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("NoteRepository.verifyDelete stopped no event; stopped: [repository.validateCreate");
  }

  @Test
  void aBuilderWithoutEntitiesIsRefused() {
    assertThatThrownBy(() -> ScribeExtension.builder().build()).isInstanceOf(UsageException.class)
        .hasMessage("a ScribeExtension needs the entity classes of its store: .entities(Task.class, ...)");
  }

  @Test
  void nullSettingsOfTheBuilderAndANullScribeOrManagerToRecordAreUsageErrors() {
    assertThatThrownBy(() -> ScribeExtension.builder().entities((Class<?>[]) null)).isInstanceOf(UsageException.class)
        .hasMessage("ScribeExtension.builder().entities(null): pass the entity classes of the store, e.g."
            + " entities(Task.class)");
    assertThatThrownBy(() -> ScribeExtension.builder().entities(Note.class, null)).isInstanceOf(UsageException.class)
        .hasMessage("ScribeExtension.builder().entities([class dev.scribe.testing.Note, null]): an entity class is null;"
            + " pass the entity classes of the store, e.g. entities(Task.class)");
    assertThatThrownBy(() -> ScribeExtension.builder().fresh(null)).isInstanceOf(UsageException.class)
        .hasMessage("ScribeExtension.builder().fresh(null): pass how fresh the store is for each test, e.g."
            + " Fresh.STORE_PER_TEST");
    assertThatThrownBy(() -> ScribeExtension.builder().scribe(null)).isInstanceOf(UsageException.class)
        .hasMessage("ScribeExtension.builder().scribe(null): pass the options of Scribe.builder(), e.g."
            + " builder -> builder.handler(\"trim\", ...)");
    assertThatThrownBy(() -> ScribeExtension.builder().store(null)).isInstanceOf(UsageException.class)
        .hasMessage("ScribeExtension.builder().store(null): pass the options of DataStore.builder(...), e.g."
            + " builder -> builder.poolSize(2)");
    assertThatThrownBy(() -> EventRecorder.record((dev.scribe.core.Scribe) null)).isInstanceOf(UsageException.class)
        .hasMessage("EventRecorder.record(null, ...): pass the application's Scribe, e.g. EventRecorder.record(store.scribe())");
    assertThatThrownBy(() -> EventRecorder.recordPaths(null, "admin.**")).isInstanceOf(UsageException.class)
        .hasMessage("EventRecorder.record(null, ...): pass the application's Scribe, e.g. EventRecorder.record(store.scribe())");
    assertThatThrownBy(() -> EventRecorder.record((dev.scribe.core.EventManager) null, "notes"))
        .isInstanceOf(UsageException.class)
        .hasMessage("EventRecorder.record(null, \"notes\"): pass the event manager to record, e.g."
            + " EventRecorder.record(notes.events(), \"notes\")");
  }

  @Test
  void aStoreFreshPerTestIsNotGivenToBeforeAll() {
    TestExecutionSummary summary = run(StorePerTestInBeforeAll.class);

    assertThat(summary.getTestsFailedCount() + summary.getContainersFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasRootCauseInstanceOf(UsageException.class)
        .rootCause().hasMessage("the data store is fresh per test (Fresh.STORE_PER_TEST), so StorePerTestInBeforeAll "
            + "cannot have it in @BeforeAll; take it as a parameter of @BeforeEach or of the test, or choose "
            + "Fresh.ROWS_PER_TEST");
  }

  @Test
  void theExtensionWithoutItsAnnotationSaysHowToConfigureIt() {
    TestExecutionSummary summary = run(WithoutAnnotation.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasRootCauseInstanceOf(UsageException.class)
        .rootCause().hasMessageContaining("WithoutAnnotation uses ScribeExtension without @ScribeTest");
  }

  @Test
  void aTestServerServesOneApplication() {
    try (TestServer server = new TestServer()) {
      assertThatThrownBy(server::client).isInstanceOf(UsageException.class)
          .hasMessage("the TestServer is not started; call start(app) with the RestApplication to serve");
      assertThat(server.started()).isFalse();
      assertThatThrownBy(() -> server.start(null)).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("TestServer.start(null): pass the application to serve");
      assertThat(server.started()).isFalse();
    }
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
    return listener.getSummary();
  }

  /** Misconfigured on purpose; run only by {@link #aStoreFreshPerTestIsNotGivenToBeforeAll}. */
  @ScribeTest(entities = Note.class, fresh = Fresh.STORE_PER_TEST)
  static class StorePerTestInBeforeAll {
    @BeforeAll
    static void register(DataStore store) {}

    @Test
    void nothing() {}
  }

  /** Misconfigured on purpose: the extension without @ScribeTest. */
  @org.junit.jupiter.api.extension.ExtendWith(ScribeExtension.class)
  static class WithoutAnnotation {
    @Test
    void needsAStore(DataStore store) {}
  }

}
