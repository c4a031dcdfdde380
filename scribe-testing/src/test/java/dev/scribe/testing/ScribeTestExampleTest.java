package dev.scribe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Query;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example of docs/testing.md: a repository's handlers tested in process and over HTTP. */
// tag::testing-example[]
@ScribeTest(entities = Note.class)
class ScribeTestExampleTest {
  static NoteRepository notes;

  @BeforeAll
  static void register(DataStore store) {                // one H2 database for the class, emptied after each test
    notes = store.register(new NoteRepository());
  }

  @Test
  void titlesAreTrimmed(EventRecorder events) {         // records every event of every tier
    Note note = notes.create(Map.of("title", "  Buy milk "));

    assertThat(note.title).isEqualTo("Buy milk");
    events.assertFiredInOrder("repository.preCreateBatch", "repository.preCreate", "repository.validateCreate",
        "entity.prePersist", "repository.postCreate", "repository.postCreateBatch");
    assertThat(events.last("preSave").arg("params")).isEqualTo(Map.of("title", "  Buy milk "));  // args before the handlers
  }

  @Test
  void pinnedNotesStay(EventRecorder events) {
    Note note = notes.create(Map.of("title", "Keep", "pinned", true));

    assertThatThrownBy(() -> notes.delete(note.id)).isInstanceOf(Veto.class).hasMessage("note " + note.id + " is pinned");
    events.assertVetoedBy("NoteRepository.verifyDelete").assertNotFired("postDelete");
  }

  @Test
  void overHttp(DataStore store, TestServer server, EventRecorder events) {   // Jetty on an ephemeral port
    server.start(RestApplication.builder(store).mount("notes", new Controller<>(notes)).build());

    TestResponse created = server.client().post("/notes", Map.of("title", " Call Bob ", "pinned", true));
    TestResponse refused = server.client().delete("/notes/" + created.map().get("id"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/notes/" + created.map().get("id"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.map()).containsEntry("detail", "note " + created.map().get("id") + " is pinned");
    events.assertFiredInOrder("controller.onPreDestroy", "repository.verifyDelete", "controller.onError");
  }
  // end::testing-example[]

  @Test
  void everyTestStartsWithEmptyTables() {
    assertThat(notes.count(Query.fromParams(Map.of()), CallOptions.none())).isZero();
    notes.create(Map.of("title", "only this one"));
    assertThat(notes.count(Query.fromParams(Map.of()), CallOptions.none())).isEqualTo(1);
  }

  @Test
  void theEventsOfARequestRecordTheirPathAndStopper(DataStore store, TestServer server, EventRecorder events) {
    server.start(RestApplication.builder(store).mount("notes", new Controller<>(notes)).build());
    long id = ((Number) server.client().post("/notes", Map.of("title", "Pinned", "pinned", true)).map().get("id")).longValue();
    events.clear();

    assertThat(server.client().delete("/notes/" + id).status()).isEqualTo(409);

    RecordedEvent verify = events.last("verifyDelete");
    assertThat(verify.completed()).isFalse();
    assertThat(verify.path()).isEqualTo("notes.destroy");
    assertThat(verify.stoppedBy()).isEqualTo("NoteRepository.verifyDelete");
    assertThat(verify.failure()).isEqualTo("veto 409: note " + id + " is pinned");
    assertThat(events.stopped()).extracting(RecordedEvent::name).containsExactly("repository.verifyDelete");
    assertThat(events.last("onError").completed()).isTrue();
  }
}
