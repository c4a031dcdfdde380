package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.testing.TestClient;
import dev.scribe.testing.TestResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of the README, run as shown there, then asked over HTTP. */
class ReadmeExampleTest {
  // tag::readme-example[]
  static class NoteRepository extends Repository<Note, Long> {
    void preSave(EventArgs args) {                       // before every create and update
      args.params().computeIfPresent("title", (key, title) -> title.toString().strip());
    }

    void verifyDelete(EventArgs args) {                  // a veto rolls the whole unit of work back
      if (args.entity(Note.class).pinned) {
        throw new Veto(409, "note " + args.id() + " is pinned");
      }
    }
  }

  static class NoteController extends Controller<Note, Long> {
    NoteController(NoteRepository notes) {
      super(notes);
    }

    void onPostShow(EventArgs args) {                    // what a handler changes is what is sent
      ControllerTier.directive(args).put("links", Map.of("all", "/notes"));
    }
  }
  // end::readme-example[]

  @Test
  void theReadmeExampleServesNotes() {
    // tag::readme-example[]
    Scribe scribe = Scribe.create();
    DataStore store = DataStore.builder(scribe).jdbcUrl("jdbc:h2:mem:notes")
        .entities(Note.class).schemaAction("create-drop").build();
    RestApplication app = RestApplication.builder(store)
        .mount("notes", new NoteController(store.register(new NoteRepository())))   // /notes, /notes/{id}
        .build();
    ScribeServer server = ScribeServer.start(app, 0);                                  // Jetty on any free port
    // end::readme-example[]
    try {
      TestClient client = TestClient.of(server.uri());
      TestResponse created = client.post("/notes", "{\"title\":\"  Buy milk \",\"pinned\":true}");
      assertThat(created.status()).isEqualTo(201);
      Map<String, Object> note = created.map();
      assertThat(note.get("title")).isEqualTo("Buy milk");
      String one = "/notes/" + note.get("id");

      assertThat(client.get(one).map()).containsEntry("title", "Buy milk")
          .containsEntry("links", Map.of("all", "/notes"));

      TestResponse refused = client.delete(one);
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.map()).containsEntry("detail", "note " + note.get("id") + " is pinned");
      assertThat(client.get(one).status()).isEqualTo(200);
    } finally {
      server.close();
      store.close();
    }
  }
}
