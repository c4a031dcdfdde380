package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.boards.Board;
import dev.scribe.controller.boards.BoardRepository;
import dev.scribe.controller.boards.Card;
import dev.scribe.controller.boards.CardRepository;
import dev.scribe.controller.cascade.Document;
import dev.scribe.controller.cascade.DocumentRepository;
import dev.scribe.controller.cascade.Folder;
import dev.scribe.controller.cascade.FolderRepository;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Query;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record nested in a body is held to the switches of the routes serving its entity as well as to their roles:
 * cards can be neither created ({@code insertable: false}) nor changed ({@code editable: false}) at {@code /cards},
 * documents not deleted ({@code deletable: false}) at {@code /documents}, so a board's or a folder's body cannot do
 * it either. The refusal is a 403 naming the field, the resource's action and the switch; nothing is written.
 */
class NestedSwitchesTest {
  private static TestDatabase database;
  private static DataStore store;
  private static BoardRepository boards;
  private static CardRepository cards;
  private static FolderRepository folders;
  private static DocumentRepository documents;
  private static ScribeServer server;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private long board;
  private long card;
  private long folder;
  private long document;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("nestedswitches");
    store = database.store(Scribe.builder().build(), Board.class, Card.class, Folder.class, Document.class);
    boards = store.register(new BoardRepository());
    cards = store.register(new CardRepository());
    folders = store.register(new FolderRepository());
    documents = store.register(new DocumentRepository());
    Controller<Card, Long> cardController = new Controller<>(cards);
    cardController.configure(Config.empty()
        .override("**.store", Map.of("insertable", false))
        .override("**.update", Map.of("editable", false)));
    Controller<Document, Long> documentController = new Controller<>(documents);
    documentController.configure(Config.empty().override("**.destroy", Map.of("deletable", false)));
    RestApplication app = RestApplication.builder(store)
        .mount("boards", new Controller<>(boards))
        .mount("cards", cardController)
        .mount("folders", new Controller<>(folders))
        .mount("documents", documentController)
        .build();
    server = ScribeServer.start(app, 0);
  }

  @AfterAll
  static void stop() throws SQLException {
    server.close();
    store.close();
    database.close();
  }

  @BeforeEach
  void rows() {
    store.inTransaction(() -> {
      for (String entity : List.of("Card", "Board", "Document", "Folder")) {
        store.currentUnitOfWork().orElseThrow().entityManager().createQuery("delete from " + entity).executeUpdate();
      }
    });
    board = boards.create(Map.of("title", "A")).id;
    card = cards.create(Map.of("text", "mine", "board", board)).id;
    folder = folders.create(Map.of("name", "F")).id;
    document = documents.create(Map.of("title", "kept", "folder", folder)).id;
  }

  @Test
  void theRoutesOwnSwitchesAnswer405() throws Exception {
    assertThat(send("POST", "/cards", "{\"text\":\"x\"}").statusCode()).isEqualTo(405);
    assertThat(send("PATCH", "/cards/" + card, "{\"text\":\"x\"}").statusCode()).isEqualTo(405);
    assertThat(send("DELETE", "/documents/" + document, null).statusCode()).isEqualTo(405);
  }

  // before, the folder's list deleted the document its own route refuses to delete
  @Test
  void aListThatLeavesOutARecordItsRouteMayNotDeleteIsRefused() throws Exception {
    HttpResponse<String> emptied = send("PATCH", "/folders/" + folder, "{\"name\":\"G\",\"documents\":[]}");

    assertThat(emptied.statusCode()).as(emptied.body()).isEqualTo(403);
    assertThat(emptied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(emptied.body()).contains("documents: deleting a document is disabled, as documents.destroy is (option"
        + " 'deletable' is false); keep it in the list");
    assertThat(documents.count(new Query(), CallOptions.none())).isEqualTo(1);
    assertThat(folders.get(folder).name).isEqualTo("F");
  }

  // before, the board's body changed the card its own route refuses to change
  @Test
  void aNestedChangeOfARecordItsRouteMayNotChangeIsRefused() throws Exception {
    long other = boards.create(Map.of("title", "Other")).id;

    HttpResponse<String> change = send("PATCH", "/boards/" + board, "{\"cards\":[{\"id\":" + card
        + ",\"text\":\"changed\"}]}");
    HttpResponse<String> move = send("PATCH", "/boards/" + other, "{\"cards\":[" + card + "]}");
    HttpResponse<String> unlink = send("PATCH", "/boards/" + board, "{\"cards\":[]}");

    for (HttpResponse<String> refused : List.of(change, move, unlink)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    }
    assertThat(change.body()).contains("cards[0]: changing a card is disabled, as cards.update is (option 'editable'"
        + " is false); leave it out of the body");
    assertThat(move.body()).contains("cards[0]: changing a card is disabled, as cards.update is");
    assertThat(unlink.body()).contains("cards: changing a card is disabled, as cards.update is");
    assertThat(store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager()
        .createQuery("select c.text || ' ' || c.board.id from Card c").getResultList()))
        .containsExactly("mine " + board);
  }

  @Test
  void aNewRecordNestedInABodyItsRouteMayNotCreateIsRefusedAndAReferenceIsNot() throws Exception {
    HttpResponse<String> created = send("POST", "/boards", "{\"title\":\"B\",\"cards\":[{\"text\":\"x\"}]}");
    HttpResponse<String> reference = send("PATCH", "/boards/" + board, "{\"title\":\"A2\",\"cards\":[{\"id\":"
        + card + "}]}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(403);
    assertThat(created.body()).contains("cards[0]: creating a card is disabled, as cards.store is (option 'insertable'"
        + " is false); leave it out of the body");
    assertThat(boards.count(new Query(), CallOptions.none())).isEqualTo(1);
    assertThat(cards.count(new Query(), CallOptions.none())).isEqualTo(1);
    assertThat(reference.statusCode()).as(reference.body()).isEqualTo(200);
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
