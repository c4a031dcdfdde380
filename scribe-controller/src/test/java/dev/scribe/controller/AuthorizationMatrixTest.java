package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.secured.Doc;
import dev.scribe.controller.secured.DocNote;
import dev.scribe.repository.CallOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route × {anonymous, owner, another user, admin}: the expected status, and for each refusal nothing
 * written (both tables byte for byte the same) and nothing leaked (neither the owner's title, nor its note,
 * nor a count that includes them). Documents are owned by their creator (row scope: own rows, ownerless rows
 * for anonymous callers, all rows for admins); {@code /admin/docs} needs the admin role.
 */
class AuthorizationMatrixTest {
  @RegisterExtension
  static final SecuredApp http = new SecuredApp();

  private static final String SECRET_TITLE = "Owner plan";
  private static final String SECRET_NOTE = "owner-only remark";

  /**
   * The ids of one fresh set of rows: the owner's document and note, an ownerless document and note, and a
   * document without notes of each kind (for deletes, which the notes' foreign key would refuse).
   */
  record Rows(long ownerDoc, long ownerNote, long publicDoc, long publicNote, long ownerLoneDoc, long publicLoneDoc) {
    Rows withPublic(long[] ids) {
      return new Rows(ownerDoc, ownerNote, ids[0], ids[1], ownerLoneDoc, ids[2]);
    }
  }

  /** One request and the status each caller gets: anonymous, owner, other, admin. */
  record Cell(String method, Function<Rows, String> path, Function<Rows, String> body, String contentType,
      int anonymous, int owner, int other, int admin) {
    Cell(String method, Function<Rows, String> path, Function<Rows, String> body, int anonymous, int owner, int other,
        int admin) {
      this(method, path, body, null, anonymous, owner, other, admin);
    }

    String[] headers() {
      return contentType == null ? new String[0] : new String[] {"Content-Type", contentType};
    }

    int expected(int caller) {
      return new int[] {anonymous, owner, other, admin}[caller];
    }
  }

  private static final String[] CALLERS = {"anonymous", "owner", "other", "admin"};

  private static List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    // top-level routes on the owner's document
    cells.add(new Cell("GET", r -> "/docs/" + r.ownerDoc(), r -> null, 404, 200, 404, 200));
    cells.add(new Cell("PATCH", r -> "/docs/" + r.ownerDoc(), r -> "{\"title\": \"changed\"}", 404, 200, 404, 200));
    cells.add(new Cell("PUT", r -> "/docs/" + r.ownerDoc(), r -> "{\"title\": \"replaced\"}", 404, 200, 404, 200));
    cells.add(new Cell("DELETE", r -> "/docs/" + r.ownerLoneDoc(), r -> null, 404, 204, 404, 204));
    cells.add(new Cell("PATCH", r -> "/docs", r -> "[{\"id\": " + r.ownerDoc() + ", \"title\": \"batch\"}, {\"id\": "
        + r.publicDoc() + ", \"title\": \"batch\"}]", 404, 404, 404, 200));
    cells.add(new Cell("PATCH", r -> "/docs", r -> "[{\"id\": " + r.ownerDoc() + ", \"title\": \"batch\"}]", 404, 200, 404, 200));
    cells.add(new Cell("DELETE", r -> "/docs", r -> "[" + r.ownerLoneDoc() + "]", 404, 204, 404, 204));
    cells.add(new Cell("DELETE", r -> "/docs", r -> "[" + r.publicLoneDoc() + ", " + r.ownerLoneDoc() + "]", 404, 404, 404, 204));
    cells.add(new Cell("POST", r -> "/docs", r -> "{\"title\": \"mine\"}", 201, 201, 201, 201));
    cells.add(new Cell("POST", r -> "/docs", r -> "{\"title\": \"mine\", \"ownerId\": \"someone\"}", 400, 400, 400, 400));
    // nested routes under the owner's document: the parent lookup is scoped too
    cells.add(new Cell("GET", r -> "/docs/" + r.ownerDoc() + "/notes", r -> null, 404, 200, 404, 200));
    cells.add(new Cell("GET", r -> "/docs/" + r.ownerDoc() + "/notes/count", r -> null, 404, 200, 404, 200));
    cells.add(new Cell("POST", r -> "/docs/" + r.ownerDoc() + "/notes", r -> "{\"text\": \"added\"}", 404, 201, 404, 201));
    cells.add(new Cell("POST", r -> "/docs/" + r.ownerDoc() + "/notes", r -> "[{\"text\": \"added\"}]", 404, 201, 404, 201));
    cells.add(new Cell("GET", r -> "/docs/" + r.ownerDoc() + "/notes/" + r.ownerNote(), r -> null, 404, 200, 404, 200));
    cells.add(new Cell("PATCH", r -> "/docs/" + r.ownerDoc() + "/notes/" + r.ownerNote(), r -> "{\"text\": \"x\"}", 404, 200, 404, 200));
    cells.add(new Cell("PUT", r -> "/docs/" + r.ownerDoc() + "/notes/" + r.ownerNote(), r -> "{\"text\": \"x\"}", 404, 200, 404, 200));
    cells.add(new Cell("DELETE", r -> "/docs/" + r.ownerDoc() + "/notes/" + r.ownerNote(), r -> null, 404, 204, 404, 204));
    cells.add(new Cell("PATCH", r -> "/docs/" + r.ownerDoc() + "/notes", r -> "[{\"id\": " + r.ownerNote() + ", \"text\": \"x\"}]",
        404, 200, 404, 200));
    cells.add(new Cell("DELETE", r -> "/docs/" + r.ownerDoc() + "/notes", r -> "[" + r.ownerNote() + "]", 404, 204, 404, 204));
    // the owner's note addressed through the public document: not found under it for everyone
    cells.add(new Cell("GET", r -> "/docs/" + r.publicDoc() + "/notes/" + r.ownerNote(), r -> null, 404, 404, 404, 404));
    cells.add(new Cell("PATCH", r -> "/docs/" + r.publicDoc() + "/notes/" + r.ownerNote(), r -> "{\"text\": \"x\"}", 404, 404, 404, 404));
    // the public document: open to anonymous callers and admins, outside the scope of logged-in users
    cells.add(new Cell("GET", r -> "/docs/" + r.publicDoc(), r -> null, 200, 404, 404, 200));
    cells.add(new Cell("PATCH", r -> "/docs/" + r.publicDoc(), r -> "{\"title\": \"changed\"}", 200, 404, 404, 200));
    cells.add(new Cell("GET", r -> "/docs/" + r.publicDoc() + "/notes", r -> null, 200, 404, 404, 200));
    // the admin mount: a role check before anything else, on every verb, single and batch
    cells.add(new Cell("GET", r -> "/admin/docs", r -> null, 401, 403, 403, 200));
    cells.add(new Cell("GET", r -> "/admin/docs/count", r -> null, 401, 403, 403, 200));
    cells.add(new Cell("GET", r -> "/admin/docs/" + r.ownerDoc(), r -> null, 401, 403, 403, 200));
    cells.add(new Cell("POST", r -> "/admin/docs", r -> "{\"title\": \"admin made\"}", 401, 403, 403, 201));
    cells.add(new Cell("POST", r -> "/admin/docs", r -> "[{\"title\": \"admin made\"}]", 401, 403, 403, 201));
    cells.add(new Cell("PATCH", r -> "/admin/docs/" + r.ownerDoc(), r -> "{\"title\": \"changed\"}", 401, 403, 403, 200));
    cells.add(new Cell("PUT", r -> "/admin/docs/" + r.ownerDoc(), r -> "{\"title\": \"changed\"}", 401, 403, 403, 200));
    cells.add(new Cell("PATCH", r -> "/admin/docs", r -> "[{\"id\": " + r.ownerDoc() + ", \"title\": \"batch\"}]", 401, 403, 403, 200));
    cells.add(new Cell("DELETE", r -> "/admin/docs/" + r.ownerLoneDoc(), r -> null, 401, 403, 403, 204));
    cells.add(new Cell("DELETE", r -> "/admin/docs", r -> "[" + r.ownerLoneDoc() + "]", 401, 403, 403, 204));
    // beyond the five actions: exports, imports and bulk writes take the same checks as the actions they are like
    cells.add(new Cell("GET", r -> "/admin/docs.csv", r -> null, 401, 403, 403, 200));
    cells.add(new Cell("GET", r -> "/admin/docs.ndjson", r -> null, 401, 403, 403, 200));
    cells.add(new Cell("HEAD", r -> "/admin/docs.xlsx", r -> null, 401, 403, 403, 200));
    cells.add(new Cell("GET", r -> "/admin/docs.json?title=" + SECRET_TITLE.replace(" ", "%20"), r -> null, 401, 403, 403, 200));
    cells.add(new Cell("GET", r -> "/docs.csv", r -> null, 200, 200, 200, 200));
    cells.add(new Cell("GET", r -> "/docs/" + r.ownerDoc() + "/notes.csv", r -> null, 404, 200, 404, 200));
    cells.add(new Cell("POST", r -> "/admin/docs/import", r -> "title\r\nimported\r\n", "text/csv", 401, 403, 403, 200));
    // the access check comes before the body is looked at: only the admin learns that JSON is not an import
    cells.add(new Cell("POST", r -> "/admin/docs/import", r -> "{\"title\": \"x\"}", "application/json", 401, 403, 403, 415));
    cells.add(new Cell("POST", r -> "/admin/docs/import", r -> "title\r\nx\r\n", "text/csv; charset=utf-7", 401, 403, 403, 415));
    cells.add(new Cell("POST", r -> "/docs/" + r.ownerDoc() + "/notes/import", r -> "text\r\nimported\r\n", "text/csv",
        404, 200, 404, 200));
    cells.add(new Cell("PATCH", r -> "/admin/docs?title=" + SECRET_TITLE.replace(" ", "%20"), r -> "{\"title\": \"bulk\"}",
        401, 403, 403, 200));
    cells.add(new Cell("DELETE", r -> "/admin/docs?title=" + (SECRET_TITLE + " without notes").replace(" ", "%20"), r -> null,
        401, 403, 403, 200));
    return cells;
  }

  @TestFactory
  Stream<DynamicTest> everyRouteForEveryCaller() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Cell cell : cells()) {
      for (int caller = 0; caller < CALLERS.length; caller++) {
        int who = caller;
        String name = cell.method() + " " + cell.path().apply(new Rows(1, 2, 3, 4, 5, 6)) + " as " + CALLERS[who];
        tests.add(DynamicTest.dynamicTest(name, () -> run(cell, who)));
      }
    }
    return tests.stream();
  }

  private void run(Cell cell, int caller) {
    http.reset();
    Rows rows = rows();
    String before = dump();
    String path = cell.path().apply(rows);
    Reply reply = http.send(cell.method(), path, cell.body().apply(rows), token(caller), cell.headers());
    int expected = cell.expected(caller);
    assertThat(reply.status()).as(cell.method() + " " + path + " as " + CALLERS[caller] + ": " + reply).isEqualTo(expected);
    if (expected >= 400) {
      assertThat(dump()).as("nothing written by a refused " + cell.method() + " " + path).isEqualTo(before);
      assertThat(reply.body()).doesNotContain(SECRET_TITLE).doesNotContain(SECRET_NOTE).doesNotContain(http.owner.id());
      if (expected == 401) {
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
      }
    }
    if (expected == 404) {
      Reply absent = http.send(cell.method(), path.replace("/" + rows.ownerDoc(), "/987654")
          .replace("/" + rows.publicDoc(), "/987653").replace("/" + rows.ownerNote(), "/987652")
          .replace("/" + rows.ownerLoneDoc(), "/987651"), cell.body().apply(rows), token(caller), cell.headers());
      assertThat(absent.status()).as("a row out of scope answers like a row that does not exist").isEqualTo(404);
    }
    if (expected < 400 && caller != 1 && caller != 3) {
      assertThat(reply.body() == null ? "" : reply.body()).doesNotContain(SECRET_TITLE).doesNotContain(SECRET_NOTE);
    }
  }

  @Test
  void anImportJobIsReadOnlyByTheCallerWhoStartedIt() throws Exception {
    Reply started = http.send("POST", "/docs/import?async=true", "title\r\nimported by the owner\r\n", http.ownerToken,
        "Content-Type", "text/csv");
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    String job = started.header("Location");
    Reply done = http.get(job, http.ownerToken);
    for (int i = 0; i < 100 && !"succeeded".equals(done.map().get("status")); i++) {
      Thread.sleep(50);
      done = http.get(job, http.ownerToken);
    }
    assertThat(done.map()).as(done.toString()).containsEntry("status", "succeeded");

    String unknown = job.substring(0, job.lastIndexOf('/') + 1) + java.util.UUID.randomUUID();
    for (String token : java.util.Arrays.asList(null, http.otherToken, http.adminToken)) {
      Reply refused = http.get(job, token);
      Reply missing = http.get(unknown, token);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
      assertThat(refused.body()).as("the same answer as for a job that does not exist")
          .isEqualTo(missing.body().replace(unknown.substring(unknown.lastIndexOf('/') + 1), job.substring(job.lastIndexOf('/') + 1)));
      assertThat(http.send("HEAD", job, null, token).status()).isEqualTo(404);
    }
    assertThat(http.get(job, "not-a-token").status()).isEqualTo(401);
  }

  @Test
  void every401CarriesAChallengeThoughAHandlerThrewAPlainVeto() {
    // written as any other refusal is, not with Access.unauthenticated: a 401 still needs WWW-Authenticate (RFC 9110)
    http.on(http.docController.events(), "onAuthorize", args -> {
      if (args.get(dev.scribe.core.EventArgs.USER) == null && List.of("docs.index", "docs.export").contains(args.path())) {
        throw new dev.scribe.core.Veto(401, "sign in to list the documents");
      }
    });
    http.on(http.auth.events(), "onPreMe", args -> {
      throw new dev.scribe.core.Veto(401, "this session must sign in again");
    });
    http.on(http.docController.events(), "onError", args -> {
      if ("docs.show".equals(args.path())) {
        args.put("status", 401);
      }
    });

    for (Reply reply : List.of(http.get("/docs", null), http.get("/docs.csv", null), http.get("/auth/me", http.ownerToken),
        http.get("/docs/987654", http.ownerToken))) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
      assertThat(reply.header("WWW-Authenticate")).as(reply.toString()).isEqualTo("Bearer realm=\"scribe\"");
    }
    Reply invalid = http.get("/docs", "not-a-token");
    assertThat(invalid.header("WWW-Authenticate")).as("a challenge given is kept")
        .isEqualTo("Bearer realm=\"scribe\", error=\"invalid_token\"");
  }

  @Test
  void listsCountsFiltersSortsAndEmbedsShowOnlyRowsInScope() {
    Rows rows = rows();
    for (int caller = 0; caller < CALLERS.length; caller++) {
      String token = token(caller);
      boolean seesOwner = caller == 1 || caller == 3;
      boolean seesPublic = caller == 0 || caller == 3;
      int visible = (seesOwner ? 2 : 0) + (seesPublic ? 2 : 0);
      String as = " as " + CALLERS[caller];

      Reply index = http.get("/docs?sort=-title&size=100", token);
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.items()).as("index" + as).hasSize(visible);
      assertThat(index.map().get("total")).as("total" + as).isEqualTo(visible);
      assertThat(http.get("/docs/count", token).map()).as("count" + as).containsEntry("count", visible);
      Reply filtered = http.get("/docs?title=" + SECRET_TITLE.replace(" ", "%20"), token);
      assertThat(filtered.map().get("total")).as("filter by the secret title" + as).isEqualTo(seesOwner ? 1 : 0);
      assertThat(http.get("/docs/count?title[like]=Owner%25", token).map()).as("count by like" + as)
          .containsEntry("count", seesOwner ? 2 : 0);
      assertThat(http.get("/docs/count?id=" + rows.ownerDoc(), token).map()).as("count by id" + as)
          .containsEntry("count", seesOwner ? 1 : 0);
      Reply embedded = http.get("/docs?with=notes&size=100", token);
      assertThat(embedded.body().contains(SECRET_NOTE)).as("embedded notes" + as).isEqualTo(seesOwner);
      assertThat(embedded.body().contains(SECRET_TITLE)).as("embedded" + as).isEqualTo(seesOwner);
      Reply notes = http.get("/docs/" + rows.publicDoc() + "/notes?with=doc", token);
      if (seesPublic) {
        assertThat(notes.items()).hasSize(1);
        assertThat(notes.body()).doesNotContain(SECRET_TITLE);
      } else {
        assertThat(notes.status()).isEqualTo(404);
      }
    }
  }

  @Test
  void repositoryCallsOutsideHttpAreScopedByTheirUserToo() {
    Rows rows = rows();
    CallOptions asOther = CallOptions.builder().user(http.other).build();

    assertThat(http.store.inTransaction(() -> http.docs.find(rows.ownerDoc()))).as("no user: ownerless rows only").isEmpty();
    assertThat(http.store.inTransaction(() -> {
      http.docs.list(new dev.scribe.repository.Query(), asOther);
      return http.docs.find(rows.ownerDoc());
    })).as("a nested call takes the unit of work's user").isEmpty();
    assertThat(http.store.inTransaction(() -> {
      http.docs.list(new dev.scribe.repository.Query(), CallOptions.builder().user(http.owner).build());
      return http.docs.find(rows.ownerDoc());
    })).isPresent();
  }

  private String token(int caller) {
    switch (caller) {
      case 1:
        return http.ownerToken;
      case 2:
        return http.otherToken;
      case 3:
        return http.adminToken;
      default:
        return null;
    }
  }

  private Rows rows() {
    return http.store.inTransaction(() -> {
      Doc ownerDoc = http.docs.create(Map.of("title", SECRET_TITLE, "reviewNote", "review " + SECRET_NOTE),
          CallOptions.builder().user(http.owner).build());
      DocNote ownerNote = http.notes.create(Map.of("text", SECRET_NOTE, "doc", ownerDoc.id),
          CallOptions.builder().user(http.owner).build());
      Doc lone = http.docs.create(Map.of("title", SECRET_TITLE + " without notes"), CallOptions.builder().user(http.owner).build());
      return new Rows(ownerDoc.id, ownerNote.id, 0, 0, lone.id, 0);
    }).withPublic(http.store.inTransaction(() -> {
      Doc publicDoc = http.docs.create(Map.of("title", "Public plan"), CallOptions.none());
      DocNote publicNote = http.notes.create(Map.of("text", "anyone may read", "doc", publicDoc.id), CallOptions.none());
      Doc lone = http.docs.create(Map.of("title", "Public plan without notes"), CallOptions.none());
      return new long[] {publicDoc.id, publicNote.id, lone.id};
    }));
  }

  private String dump() {
    return dump("select id, version, title, priority, reviewnote, ownerid from sec_docs order by id")
        + dump("select id, text, doc_id from sec_notes order by id");
  }

  private String dump(String sql) {
    StringBuilder text = new StringBuilder();
    try (Connection connection = http.database.connection(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          text.append(rs.getObject(i)).append('|');
        }
        text.append('\n');
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }
}
