package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
      args.directive().put("links", Map.of("all", "/notes"));
    }
  }
  // end::readme-example[]

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theReadmeExampleServesNotes() throws Exception {
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
      URI notes = server.uri().resolve("/notes");
      HttpResponse<String> created = send(HttpRequest.newBuilder(notes).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"  Buy milk \",\"pinned\":true}")));
      assertThat(created.statusCode()).isEqualTo(201);
      Map<?, ?> note = json.readValue(created.body(), Map.class);
      assertThat(note.get("title")).isEqualTo("Buy milk");
      URI one = notes.resolve("/notes/" + note.get("id"));

      HttpResponse<String> shown = send(HttpRequest.newBuilder(one).GET());
      assertThat(json.readValue(shown.body(), Map.class)).containsEntry("title", "Buy milk")
          .containsEntry("links", Map.of("all", "/notes"));

      HttpResponse<String> refused = send(HttpRequest.newBuilder(one).DELETE());
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(json.readValue(refused.body(), Map.class)).containsEntry("detail", "note " + note.get("id") + " is pinned");
      assertThat(send(HttpRequest.newBuilder(one).GET()).statusCode()).isEqualTo(200);
    } finally {
      server.close();
      store.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
