package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.boards.Board;
import dev.scribe.controller.boards.BoardController;
import dev.scribe.controller.boards.BoardRepository;
import dev.scribe.controller.boards.Card;
import dev.scribe.controller.boards.CardRepository;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.core.User;
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
 * A record nested in a body is held to the action check of the routes serving its entity: cards may be created
 * and changed by editors only ({@code requiresRole} on every card route), boards by anyone, so a board's body
 * cannot create or change cards for a caller who could not at {@code /cards}.
 */
class NestedActionCheckTest {
  private static final User ALICE = User.of("alice", "alice");
  private static final User EDDIE = User.of("eddie", "eddie", "editor", "admin");

  private static TestDatabase database;
  private static DataStore store;
  private static BoardRepository boards;
  private static CardRepository cards;
  private static ScribeServer server;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private long board;
  private long card;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("nestedaccess");
    Scribe scribe = Scribe.builder().build();
    store = database.store(scribe, Board.class, Card.class);
    boards = store.register(new BoardRepository());
    cards = store.register(new CardRepository());
    BoardController boardController = new BoardController(boards, cards);
    Controller<Card, Long> cardController = new Controller<>(cards);
    cardController.configure(Config.empty()
        .override("**.store", Map.of(Access.REQUIRES_ROLE, "editor"))
        .override("**.update", Map.of(Access.REQUIRES_ROLE, "editor")));
    RestApplication app = RestApplication.builder(store)
        .mount("boards", boardController)
        .mount("cards", cardController)
        .nest("boards", "cards", cardController, "board")
        .authenticator(request -> switch (String.valueOf(request.getHeader("X-User"))) {
          case "alice" -> ALICE;
          case "eddie" -> EDDIE;
          default -> null;
        })
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
      store.currentUnitOfWork().orElseThrow().entityManager().createQuery("delete from Card").executeUpdate();
      store.currentUnitOfWork().orElseThrow().entityManager().createQuery("delete from Board").executeUpdate();
    });
    board = boards.create(Map.of("title", "A")).id;
    card = cards.create(Map.of("text", "mine", "board", board), CallOptions.builder().user(ALICE).build()).id;
  }

  @Test
  void aNewRecordNestedInABodyNeedsTheRoleItsOwnRouteNeeds() throws Exception {
    HttpResponse<String> direct = send("POST", "/cards", "alice", "{\"text\":\"x\"}");
    HttpResponse<String> nested = send("POST", "/boards", "alice", "{\"title\":\"B\",\"cards\":[{\"text\":\"x\"}]}");
    HttpResponse<String> anonymous = send("PATCH", "/boards/" + board, null, "{\"cards\":[{\"text\":\"x\"}]}");

    assertThat(direct.statusCode()).isEqualTo(403);
    // before, the board was created with a card alice could not have created at /cards
    assertThat(nested.statusCode()).as(nested.body()).isEqualTo(403);
    assertThat(nested.body()).contains("cards[0]: creating a card needs the role 'editor', as cards.store does, which"
        + " alice does not have; leave it out of the body");
    assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"scribe\"");
    assertThat(boards.count(new Query(), CallOptions.none())).isEqualTo(1);
    assertThat(cards.count(new Query(), CallOptions.builder().user(EDDIE).build())).isEqualTo(1);
  }

  @Test
  void aNestedChangeOfAnExistingRecordNeedsTheRoleItsUpdateNeedsAndAReferenceNeedsNone() throws Exception {
    HttpResponse<String> change = send("PATCH", "/boards/" + board, "alice",
        "{\"cards\":[{\"id\":" + card + ",\"text\":\"changed\"}]}");
    HttpResponse<String> reference = send("PATCH", "/boards/" + board, "alice", "{\"title\":\"A2\",\"cards\":[{\"id\":"
        + card + "}]}");

    assertThat(change.statusCode()).as(change.body()).isEqualTo(403);
    assertThat(change.body()).contains("cards[0]: changing a card needs the role 'editor', as cards.update does");
    assertThat(reference.statusCode()).as(reference.body()).isEqualTo(200);
    assertThat(cards.get(card, CallOptions.builder().user(EDDIE).build()).text).isEqualTo("mine");
  }

  // a bare id in a board's list takes the card off its board and puts it on this one: a change of the card's
  // board, held to cards.update as a change of its text is. Before, the move ran the card repository's update
  // handlers but not the check of the routes serving cards, so alice moved a card she could not change at /cards.
  @Test
  void movingARecordToAnotherParentByItsIdNeedsTheRoleItsUpdateNeeds() throws Exception {
    long other = boards.create(Map.of("title", "Other")).id;

    HttpResponse<String> byId = send("PATCH", "/boards/" + other, "alice", "{\"cards\":[" + card + "]}");
    HttpResponse<String> byObject = send("PATCH", "/boards/" + other, "alice", "{\"cards\":[{\"id\":" + card + "}]}");
    HttpResponse<String> underNew = send("POST", "/boards", "alice", "{\"title\":\"C\",\"cards\":[" + card + "]}");
    HttpResponse<String> unlinked = send("PATCH", "/boards/" + board, "alice", "{\"cards\":[]}");

    for (HttpResponse<String> refused : List.of(byId, byObject, underNew, unlinked)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    }
    assertThat(byId.body()).contains("cards[0]: changing a card needs the role 'editor', as cards.update does, which"
        + " alice does not have; leave it out of the body");
    assertThat(unlinked.body()).contains("cards: changing a card needs the role 'editor', as cards.update does");
    assertThat(boards.count(new Query(), CallOptions.none())).isEqualTo(2);
    assertThat(boardOf(card))
        .isEqualTo(board);

    HttpResponse<String> editor = send("PATCH", "/boards/" + other, "eddie", "{\"cards\":[" + card + "]}");
    assertThat(editor.statusCode()).as(editor.body()).isEqualTo(200);
    assertThat(boardOf(card))
        .isEqualTo(other);
  }

  // taken off its board by a list that leaves it out, a card is changed as a direct write of its board would
  // change it: through its repository, whose update events fire (and so its after-commit event). Before, the
  // binder wrote the null itself and no card event said so
  @Test
  void aRecordAListLeavesOutIsUpdatedThroughItsRepository() throws Exception {
    List<String> updated = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.scribe.core.Subscription recording = cards.events().on("postUpdate",
        args -> updated.add(args.path() + " " + args.id() + " " + args.changes().keySet()));
    try {
      HttpResponse<String> unlinked = send("PATCH", "/boards/" + board, "eddie", "{\"cards\":[]}");

      assertThat(unlinked.statusCode()).as(unlinked.body()).isEqualTo(200);
      assertThat(updated).containsExactly("boards.cards.update " + card + " [board]");
      assertThat(store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager()
          .createQuery("select count(c) from Card c where c.board is null").getSingleResult())).isEqualTo(1L);
    } finally {
      recording.remove();
    }
  }

  @Test
  void aCallerWithTheRoleWritesNestedRecords() throws Exception {
    HttpResponse<String> nested = send("POST", "/boards", "eddie", "{\"title\":\"B\",\"cards\":[{\"text\":\"x\"}]}");

    assertThat(nested.statusCode()).as(nested.body()).isEqualTo(201);
    assertThat(cards.count(new Query(), CallOptions.builder().user(EDDIE).build())).isEqualTo(2);
  }

  // a CSV cell of an association is JSON text of the same ids and objects an NDJSON line holds, held to the same
  // checks: the nested records' action checks (an id moving a card to the new board among them), their fields' policies and guards, the row scope of the ids they name
  @Test
  void aCsvImportHoldsTheRecordsInItsCellsToTheChecksOfAnNdjsonImport() throws Exception {
    long others = cards.create(Map.of("text", "eddie's", "board", board), CallOptions.builder().user(EDDIE).build()).id;
    List<String> cells = List.of("[{\"text\":\"new\"}]", "[{\"id\":" + card + ",\"text\":\"changed\"}]", "[" + card + "]",
        "[" + others + "]", "[{\"id\":" + card + "}]", "[{\"text\":\"x\",\"authorId\":\"z\"}]", "[{\"text\":\"x\",\"nope\":1}]",
        "[{\"text\":5}]", "[123456789]", "[]");
    StringBuilder csv = new StringBuilder("title,cards\r\n");
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      csv.append("B").append(i).append(",\"").append(cells.get(i).replace("\"", "\"\"")).append("\"\r\n");
      ndjson.append("{\"title\":\"B").append(i).append("\",\"cards\":").append(cells.get(i)).append("}\n");
    }

    for (String user : new String[] {"alice", "eddie"}) {
      HttpResponse<String> fromCsv = importAs(user, "/boards/import?dryRun=true", "text/csv", csv.toString());
      HttpResponse<String> fromNdjson = importAs(user, "/boards/import?dryRun=true", "application/x-ndjson",
          ndjson.toString());

      assertThat(fromNdjson.statusCode()).as(fromNdjson.body()).isNotEqualTo(200);
      assertThat(fromCsv.statusCode()).as(user + ": " + fromCsv.body()).isEqualTo(fromNdjson.statusCode());
      assertThat(entries(fromCsv, 1)).as(user).isEqualTo(entries(fromNdjson, 0));
    }
    HttpResponse<String> alice = importAs("alice", "/boards/import?dryRun=true", "text/csv", csv.toString());
    assertThat(entries(alice, 1)).as("alice may only refer to cards, and only to her own")
        .extracting(entry -> entry.substring(0, entry.indexOf(' ', entry.indexOf(' ') + 1)))
        .containsExactly("1 null", "2 null", "3 null", "4 cards", "5 null", "6 null", "7 null", "8 cards[0].text", "9 cards");
    assertThat(entries(alice, 1).get(2)).as("her card, moved to the new board, is a change of it")
        .isEqualTo("3 null cards[0]: changing a card needs the role 'editor', as cards.update does, which alice does not"
            + " have; leave it out of the body");
    assertThat(entries(alice, 1).get(0)).isEqualTo("1 null cards[0]: creating a card needs the role 'editor', as cards.store"
        + " does, which alice does not have; leave it out of the body");
  }

  // a to-one column: the export writes the id, or with=board the board as a JSON object; both import back
  @Test
  void aCsvExportOfCardsWithTheirBoardEmbeddedImportsBack() throws Exception {
    for (String with : new String[] {"", "&with=board"}) {
      String csv = send("GET", "/cards.csv?fields=text,board" + with, "eddie", "").body();
      String ndjson = send("GET", "/cards.ndjson?fields=text,board" + with, "eddie", "").body();

      HttpResponse<String> fromNdjson = importAs("eddie", "/cards/import?dryRun=true", "application/x-ndjson", ndjson);
      HttpResponse<String> fromCsv = importAs("eddie", "/cards/import", "text/csv", csv);

      assertThat(fromNdjson.statusCode()).as(fromNdjson.body()).isEqualTo(200);
      assertThat(fromCsv.statusCode()).as(with + ": " + fromCsv.body()).isEqualTo(200);
    }
    assertThat(send("GET", "/cards.csv?fields=text,board&sort=id", "eddie", "").body())
        .as("the card, its copy, and copies of both").isEqualTo("text,board\r\n" + ("mine," + board + "\r\n").repeat(4));
    HttpResponse<String> malformed = importAs("eddie", "/cards/import?dryRun=true", "text/csv",
        "text,board\r\nx,\"{\"\"id\"\":\"\r\n");
    assertThat(malformed.body()).contains("{\"row\":2,\"field\":\"board\",\"message\":\"'{\\\"id\\\":' is not JSON text: ",
        "; expected an id, or JSON text of an object as an export with=board writes it, such as 7 or {\\\"id\\\": 7}\"}");
  }

  private static Object boardOf(long id) {
    return store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager()
        .createQuery("select c.board.id from Card c where c.id = :id").setParameter("id", id).getSingleResult());
  }

  private static HttpResponse<String> importAs(String user, String path, String type, String body)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type).header("X-User", user).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The report's entries as "row field message", rows counted from the first record (a CSV's header is row 1). */
  @SuppressWarnings("unchecked")
  private static List<String> entries(HttpResponse<String> reply, int header) throws IOException {
    Map<String, Object> body = JSON.readValue(reply.body(), Map.class);
    List<Map<String, Object>> report = (List<Map<String, Object>>) body.get("report");
    return report == null ? List.of(reply.body()) : report.stream().map(entry -> (((Number) entry.get("row")).intValue()
        - header) + " " + entry.get("field") + " " + entry.get("message")).toList();
  }

  private static HttpResponse<String> send(String method, String path, String user, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (user != null) {
      request.header("X-User", user);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
