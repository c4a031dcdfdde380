package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.boards.Board;
import dev.scribe.controller.boards.BoardController;
import dev.scribe.controller.boards.BoardRepository;
import dev.scribe.controller.boards.Card;
import dev.scribe.controller.boards.CardRepository;
import dev.scribe.core.Config;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records embedded with {@code with=} are read inside their own repository's row scope and shown with
 * their own field policies, on every route that embeds; reads a handler makes through the repository get
 * the caller's scope. Boards are visible unless archived (admins: all); cards are visible to their author
 * (anonymous callers: authorless cards; admins: all). {@code budget} of a board and {@code cost} of a card
 * are readable by admins only.
 */
class EmbedScopeTest {
  private static final User ALICE = User.of("alice", "alice");
  private static final User BOB = User.of("bob", "bob");
  private static final User ADMIN = User.of("root", "root", "admin");

  private static TestDatabase database;
  private static DataStore store;
  private static Scribe scribe;
  private static BoardRepository boards;
  private static CardRepository cards;
  private static BoardController boardController;
  private static Controller<Card, Long> cardController;
  private static ScribeServer server;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final List<Subscription> subscriptions = new ArrayList<>();
  private long boardA;
  private long boardB;
  private long archived;
  private long a1;
  private long a2;
  private long a3;
  private long z1;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("embeds");
    scribe = Scribe.builder().trace(true).build();
    store = database.store(scribe, Board.class, Card.class);
    boards = store.register(new BoardRepository());
    cards = store.register(new CardRepository());
    boardController = new BoardController(boards, cards);
    cardController = new Controller<>(cards);
    boardController.configure(Config.of(Map.of(FieldPolicy.READ_ROLES, Map.of("budget", "admin"))));
    cardController.configure(Config.of(Map.of(FieldPolicy.READ_ROLES, Map.of("cost", "admin"))));
    RestApplication app = RestApplication.builder(store)
        .mount("boards", boardController)
        .mount("cards", cardController)
        .nest("boards", "cards", cardController, "board")
        .authenticator(request -> switch (String.valueOf(request.getHeader("X-User"))) {
          case "alice" -> ALICE;
          case "bob" -> BOB;
          case "admin" -> ADMIN;
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

  /** Board A: cards a1 (alice), a2 (bob), a3 (nobody); board B: b1 (alice), b2 (bob); archived board Z: z1 (alice). */
  @BeforeEach
  void rows() {
    store.inTransaction(() -> {
      store.currentUnitOfWork().orElseThrow().entityManager().createQuery("delete from Card").executeUpdate();
      store.currentUnitOfWork().orElseThrow().entityManager().createQuery("delete from Board").executeUpdate();
    });
    boardA = boards.create(Map.of("title", "A", "budget", "1000")).id;
    boardB = boards.create(Map.of("title", "B", "budget", "2000")).id;
    archived = boards.create(Map.of("title", "Z", "budget", "3000")).id;
    a1 = card("a1", boardA, ALICE);
    a2 = card("a2", boardA, BOB);
    a3 = card("a3", boardA, null);
    card("b1", boardB, ALICE);
    card("b2", boardB, BOB);
    z1 = card("z1", archived, ALICE);
    boards.update(archived, Map.of("archived", true), CallOptions.builder().user(ADMIN).build());
  }

  @AfterEach
  void unsubscribe() {
    subscriptions.forEach(Subscription::remove);
    subscriptions.clear();
  }

  private static long card(String text, long board, User author) {
    return cards.create(Map.of("text", text, "board", board, "cost", 5), CallOptions.builder().user(author).build()).id;
  }

  @Test
  void showEmbedsOnlyTheCardsTheCallerCouldReadAtTheirOwnRoute() {
    assertThat(texts(get("/boards/" + boardA + "?with=cards", "alice").map().get("cards"))).containsExactly("a1");
    assertThat(texts(get("/boards/" + boardA + "?with=cards", "bob").map().get("cards"))).containsExactly("a2");
    assertThat(texts(get("/boards/" + boardA + "?with=cards", null).map().get("cards"))).containsExactly("a3");
    assertThat(texts(get("/boards/" + boardA + "?with=cards", "admin").map().get("cards"))).containsExactly("a1", "a2", "a3");
    // the same rows as the nested resource gives
    assertThat(texts(get("/boards/" + boardA + "/cards", "alice").map().get("items"))).containsExactly("a1");
    Reply forAlice = get("/boards/" + boardA + "?with=cards", "alice");
    assertThat(forAlice.body()).doesNotContain("a2", "a3", "\"cost\"", "\"budget\"");
  }

  @Test
  void fieldPoliciesOfTheEmbeddedEntityHoldInTheEmbed() {
    Map<String, Object> embedded = first(get("/boards/" + boardA + "?with=cards", "alice").map().get("cards"));
    assertThat(embedded).containsEntry("text", "a1").doesNotContainKey("cost");
    Map<String, Object> forAdmin = first(get("/boards/" + boardA + "?with=cards", "admin").map().get("cards"));
    assertThat(forAdmin).containsEntry("cost", 5);
    @SuppressWarnings("unchecked")
    Map<String, Object> board = (Map<String, Object>) get("/cards/" + a1 + "?with=board", "alice").map().get("board");
    assertThat(board).containsEntry("title", "A").doesNotContainKey("budget");
  }

  @Test
  void indexEmbedsEachRecordsCardsInScopeWithTheSameQueriesForAnyNumberOfRecords() {
    Reply page = get("/boards?with=cards&sort=id", "alice");
    assertThat(page.items()).extracting(item -> item.get("title")).containsExactly("A", "B");
    assertThat(texts(page.items().get(0).get("cards"))).containsExactly("a1");
    assertThat(texts(page.items().get(1).get("cards"))).containsExactly("b1");
    Reply forBob = get("/boards?with=cards&sort=id", "bob");
    assertThat(texts(forBob.items().get(0).get("cards"))).containsExactly("a2");
    assertThat(texts(forBob.items().get(1).get("cards"))).containsExactly("b2");
    assertThat(get("/boards?with=cards&sort=id", "admin").items()).hasSize(3);

    subscriptions.add(boardController.events().on("onPostIndex", args ->
        resultMap(args).put("statements", scribe.currentTrace().statements())));
    int withTwo = ((Number) get("/boards?with=cards", "alice").map().get("statements")).intValue();
    for (int i = 0; i < 8; i++) {
      long board = boards.create(Map.of("title", "more " + i)).id;
      card("more " + i, board, ALICE);
      card("other " + i, board, BOB);
    }
    Reply ten = get("/boards?with=cards&sort=id", "alice");
    assertThat(ten.items()).hasSize(10);
    assertThat(texts(ten.items().get(9).get("cards"))).containsExactly("more 7");
    assertThat(((Number) ten.map().get("statements")).intValue()).isEqualTo(withTwo);
  }

  @Test
  void aToOneOutsideTheTargetsScopeIsEmbeddedAsNull() {
    Reply one = get("/cards/" + z1 + "?with=board", "alice");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.map()).containsEntry("board", null);
    assertThat(one.body()).doesNotContain("\"Z\"", "3000");
    Reply list = get("/cards?with=board&sort=id", "alice");
    assertThat(list.items()).extracting(item -> item.get("text")).containsExactly("a1", "b1", "z1");
    assertThat(list.items().get(2)).containsEntry("board", null);
    assertThat(list.items().get(0).get("board")).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> forAdmin = (Map<String, Object>) get("/cards/" + z1 + "?with=board", "admin").map().get("board");
    assertThat(forAdmin).containsEntry("title", "Z").containsEntry("budget", "3000");
    // nested: the parent is in scope, so its embed is too
    Reply nested = get("/boards/" + boardA + "/cards/" + a1 + "?with=board", "alice");
    assertThat(nested.map().get("board")).isInstanceOf(Map.class);
  }

  @Test
  void storeAndUpdateResponsesEmbedInScopeOnly() {
    Reply updated = send("PATCH", "/boards/" + boardA + "?with=cards", "{\"title\": \"A2\"}", "alice");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(texts(updated.map().get("cards"))).containsExactly("a1");
    Reply batch = send("PATCH", "/boards?with=cards", "[{\"id\": " + boardA + ", \"title\": \"A3\"}, {\"id\": " + boardB
        + ", \"title\": \"B3\"}]", "bob");
    assertThat(batch.status()).isEqualTo(200);
    assertThat(texts(batch.items().get(0).get("cards"))).containsExactly("a2");
    assertThat(texts(batch.items().get(1).get("cards"))).containsExactly("b2");
    Reply stored = send("POST", "/cards?with=board", "{\"text\": \"new\", \"board\": " + boardA + ", \"cost\": 1}", "alice");
    assertThat(stored.status()).isEqualTo(201);
    @SuppressWarnings("unchecked")
    Map<String, Object> board = (Map<String, Object>) stored.map().get("board");
    assertThat(board).containsEntry("title", "A3").doesNotContainKey("budget");
    Reply newBoard = send("POST", "/boards?with=cards", "{\"title\": \"N\"}", "alice");
    assertThat(newBoard.status()).isEqualTo(201);
    assertThat(texts(newBoard.map().get("cards"))).isEmpty();
  }

  /**
   * A list of cards given for a board replaces the cards the caller can see, and only those: a card of
   * another author on the board stays there, as it would if the caller had read the board and sent it back.
   * Before, alice's {@code "cards": [a1]} took bob's a2 and the anonymous a3 off board A.
   */
  @Test
  void replacingACollectionLeavesTheRecordsOutsideTheCallersScopeWhereTheyAre() {
    Reply replaced = send("PATCH", "/boards/" + boardA + "?with=cards", "{\"cards\": [" + a1 + "]}", "alice");
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(texts(replaced.map().get("cards"))).containsExactly("a1");
    assertThat(texts(get("/boards/" + boardA + "?with=cards", "admin").map().get("cards"))).containsExactly("a1", "a2", "a3");
    assertThat(get("/cards/" + a2, "bob").map()).containsEntry("board", (int) boardA);

    Reply emptied = send("PATCH", "/boards/" + boardA + "?with=cards", "{\"cards\": []}", "bob");
    assertThat(emptied.status()).as(emptied.toString()).isEqualTo(200);
    assertThat(texts(emptied.map().get("cards"))).isEmpty();
    assertThat(texts(get("/boards/" + boardA + "?with=cards", "admin").map().get("cards"))).containsExactly("a1", "a3");
    assertThat(get("/cards/" + a2, "bob").map()).containsEntry("board", null);

    // a caller who sees every card still replaces them all
    Reply byAdmin = send("PATCH", "/boards/" + boardA + "?with=cards", "{\"cards\": [" + a3 + "]}", "admin");
    assertThat(texts(byAdmin.map().get("cards"))).containsExactly("a3");
    assertThat(get("/cards/" + a1, "alice").map()).containsEntry("board", null);
  }

  /**
   * A card nested in a board's body is held to what the card controller allows, as if it were sent to /cards:
   * a field only admins may write is a 403 naming it, and one the caller may neither read nor write is refused
   * as a field that does not exist, naming only the fields the caller may see. Before, alice wrote a card's
   * admin-only cost through POST /boards and PATCH /boards/{id}, and a nested refusal listed the hidden cost
   * among the settable fields.
   */
  @Test
  void recordsNestedInABodyAreHeldToThePoliciesOfTheirOwnController() {
    cardController.configure(Config.of(Map.of(FieldPolicy.WRITE_ROLES, Map.of("cost", "admin"))));
    try {
      Reply created = send("POST", "/boards", "{\"title\": \"N\", \"cards\": [{\"text\": \"x\", \"cost\": 77}]}", "alice");
      assertThat(created.status()).as(created.toString()).isEqualTo(403);
      assertThat(created.map()).containsEntry("errors", Map.of("cards[0].cost", List.of("needs the role admin")));
      Reply updated = send("PATCH", "/boards/" + boardA, "{\"cards\": [{\"id\": " + a1 + ", \"cost\": 1}]}", "alice");
      assertThat(updated.status()).as(updated.toString()).isEqualTo(403);
      Reply batch = send("POST", "/boards", "[{\"title\": \"M\"}, {\"title\": \"N\", \"cards\": [{\"text\": \"x\", \"cost\": 7}]}]", "alice");
      assertThat(batch.status()).as(batch.toString()).isEqualTo(403);
      Reply imported = send("POST", "/boards/import", "{\"title\": \"I\", \"cards\": [{\"text\": \"x\", \"cost\": 77}]}\n",
          "alice", "application/x-ndjson");
      assertThat(imported.status()).as(imported.toString()).isEqualTo(403);
      assertThat(imported.body()).contains("cards[0].cost").contains("needs the role admin");
      assertThat(get("/cards?sort=id&fields=text,cost", "admin").body()).doesNotContain("77").doesNotContain("\"cost\":1,")
          .doesNotContain("\"cost\":7");
      assertThat(get("/boards", "admin").items()).extracting(item -> item.get("title")).doesNotContain("N", "M");
      assertThat(send("POST", "/boards", "{\"title\": \"N\", \"cards\": [{\"text\": \"x\", \"cost\": 77}]}", "admin")
          .status()).isEqualTo(201);

      cardController.configure(Config.of(Map.of(FieldPolicy.WRITE_ROLES, Map.of("cost", "admin"),
          FieldPolicy.READ_ROLES, Map.of("cost", "admin"))));
      Reply hidden = send("POST", "/boards", "{\"title\": \"H\", \"cards\": [{\"text\": \"x\", \"cost\": 1}]}", "alice");
      Reply unknown = send("POST", "/boards", "{\"title\": \"H\", \"cards\": [{\"text\": \"x\", \"zzz\": 1}]}", "alice");
      assertThat(hidden.status()).isEqualTo(400);
      assertThat(hidden.body().replace("cost", "zzz")).isEqualTo(unknown.body());
      assertThat(unknown.body()).doesNotContain("cost").contains("settable fields: text, board");
      // what the caller may write nested stays written
      Reply fine = send("POST", "/boards?with=cards", "{\"title\": \"F\", \"cards\": [{\"text\": \"fine\"}]}", "alice");
      assertThat(fine.status()).as(fine.toString()).isEqualTo(201);
      assertThat(texts(fine.map().get("cards"))).containsExactly("fine");
    } finally {
      cardController.configure(Config.of(Map.of(FieldPolicy.READ_ROLES, Map.of("cost", "admin"))));
    }
  }

  @Test
  void exportEmbedsInScopeOnly() {
    Reply export = get("/boards.ndjson?with=cards&sort=id", "alice");
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.body()).contains("a1", "b1").doesNotContain("a2", "a3", "b2", "z1", "\"cost\"", "\"budget\"");
    Reply forAdmin = get("/boards.ndjson?with=cards&sort=id", "admin");
    assertThat(forAdmin.body()).contains("a1", "a2", "a3", "b2", "z1", "\"cost\"");
  }

  @Test
  void readsAHandlerMakesThroughTheRepositoryAreScopedForTheCaller() {
    Reply alice = send("POST", "/boards/cardReads", "{\"find\": " + a2 + "}", "alice");
    assertThat(alice.status()).isEqualTo(200);
    assertThat(alice.map()).containsEntry("list", List.of("a1", "b1", "z1")).containsEntry("count", 3)
        .containsEntry("forEach", List.of("a1", "b1", "z1")).containsEntry("criteria", List.of("a1", "b1", "z1"))
        .containsEntry("find", null);
    Reply own = send("POST", "/boards/cardReads", "{\"find\": " + a1 + "}", "alice");
    assertThat(own.map()).containsEntry("find", "a1");
    Reply anonymous = send("POST", "/boards/cardReads", "{}", null);
    assertThat(anonymous.map()).containsEntry("list", List.of("a3")).containsEntry("criteria", List.of("a3"));
    Reply admin = send("POST", "/boards/cardReads", "{\"find\": " + a2 + "}", "admin");
    assertThat(admin.map()).containsEntry("count", 6).containsEntry("find", "a2");
  }

  @Test
  void readsInOnAuthorizeBeforeTheUnitOfWorkAreScopedForTheCaller() {
    subscriptions.add(boardController.events().on("onAuthorize", args ->
        args.put("cardsSeen", cards.count(new Query(), CallOptions.none()))));
    subscriptions.add(boardController.events().on("onPostIndex", args ->
        resultMap(args).put("cardsSeen", args.get("cardsSeen"))));
    assertThat(get("/boards", "alice").map()).containsEntry("cardsSeen", 3);
    assertThat(get("/boards", "admin").map()).containsEntry("cardsSeen", 6);
    assertThat(get("/boards", null).map()).containsEntry("cardsSeen", 1);
    // a call that names no user outside any request stays unscoped by user: the anonymous scope
    assertThat(cards.count(new Query(), CallOptions.none())).isEqualTo(1);
    assertThat(store.actingAs(BOB, () -> cards.count(new Query(), CallOptions.none()))).isEqualTo(2);
  }

  /**
   * A handler's call that names a user of its own (here, counting every card as the admin) is that call's
   * user only: the anonymous request it ran in stays anonymous. Before, the first call naming a user handed
   * it to a unit of work whose caller was anonymous, and the index after it listed the archived board and
   * embedded every author's cards.
   */
  @Test
  void aHandlersCallNamingAnotherUserLeavesAnAnonymousRequestAnonymous() {
    subscriptions.add(boardController.events().on("onPreIndex", args ->
        args.put("allCards", cards.count(new Query(), CallOptions.builder().user(ADMIN).build()))));
    subscriptions.add(boardController.events().on("onPostIndex", args ->
        resultMap(args).put("allCards", args.get("allCards"))));

    Reply anonymous = get("/boards?with=cards&sort=id", null);

    assertThat(anonymous.map()).containsEntry("allCards", 6);
    assertThat(anonymous.items()).extracting(item -> item.get("title")).containsExactly("A", "B");
    assertThat(texts(anonymous.items().get(0).get("cards"))).containsExactly("a3");
    Reply alice = get("/boards?with=cards&sort=id", "alice");
    assertThat(alice.items()).extracting(item -> item.get("title")).containsExactly("A", "B");
    assertThat(texts(alice.items().get(0).get("cards"))).containsExactly("a1");
    // outside a request, the first call naming a user still hands it to the unit of work it opened
    assertThat(store.inTransaction(() -> {
      cards.count(new Query(), CallOptions.builder().user(BOB).build());
      return cards.count(new Query(), CallOptions.none());
    })).isEqualTo(2);
  }

  @Test
  void filtersAndSortsThroughAssociationsAreRefusedNamingTheField() {
    for (String path : List.of("/cards?board.budget=1000", "/cards?sort=board.budget", "/boards?cards.cost=5",
        "/boards?sort=cards", "/cards/count?board.budget=1000", "/cards?cost=5", "/boards/" + boardA + "/cards?sort=cost")) {
      Reply reply = get(path, "alice");
      assertThat(reply.status()).as(path).isEqualTo(400);
      assertThat(reply.body()).as(path).doesNotContain("1000", "a2");
    }
    Reply dotted = get("/cards?board.budget=1000", "alice");
    assertThat(dotted.body()).contains("'board.budget'").contains("cannot be filtered");
    Reply own = get("/cards?cost=5", "alice");
    assertThat(own.body()).contains("'cost'").doesNotContain("cost,", ", cost");
    assertThat(get("/cards?cost=5", "admin").status()).isEqualTo(200);
    assertThat(get("/boards?with=cards&fields=title", "alice").status()).isEqualTo(200);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> resultMap(EventArgs args) {
    return (Map<String, Object>) args.result();
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(Object records) {
    return ((List<Map<String, Object>>) records).stream().map(record -> String.valueOf(record.get("text")))
        .collect(Collectors.toList());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> first(Object records) {
    return ((List<Map<String, Object>>) records).get(0);
  }

  private static Reply get(String path, String user) {
    return send("GET", path, null, user);
  }

  private static Reply send(String method, String path, String body, String user, String contentType) {
    URI uri = server.uri().resolve(path);
    return Reply.exchange(CLIENT, uri, method, body, "X-User", user, "Content-Type", contentType);
  }

  private static Reply send(String method, String path, String body, String user) {
    URI uri = server.uri().resolve(path);
    return user == null ? Reply.exchange(CLIENT, uri, method, body) : Reply.exchange(CLIENT, uri, method, body, "X-User", user);
  }
}
