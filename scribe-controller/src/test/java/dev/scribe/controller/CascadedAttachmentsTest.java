package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.cascade.Document;
import dev.scribe.controller.cascade.DocumentRepository;
import dev.scribe.controller.cascade.Folder;
import dev.scribe.controller.cascade.FolderRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A record deleted without a call to its own repository — by JPA cascade from its parent, or as an orphan
 * taken out of its parent's collection — loses its files too: their rows in its transaction, their bytes
 * after the commit.
 */
class CascadedAttachmentsTest {
  private static final TestDatabase DATABASE = TestDatabase.create();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private static DataStore store;
  private static ScribeServer server;
  private static Path directory;
  private static final List<String> DELETED = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws SQLException, IOException {
    DATABASE.open("cascaded_attachments");
    directory = Files.createTempDirectory("scribe-cascaded-attachments-");
    store = DATABASE.storeBuilder(Scribe.create()).entities(Folder.class, Document.class).build();
    Controller<Folder, Long> folders = new Controller<>(store.register(new FolderRepository()));
    DocumentRepository documentRepository = store.register(new DocumentRepository());
    documentRepository.events().on("postDelete", args -> DELETED.add(args.path() + " " + args.id()));
    Controller<Document, Long> documents = new Controller<>(documentRepository);
    documents.configure(dev.scribe.core.Config.empty()
        .override("**.destroy", java.util.Map.of(Access.REQUIRES_ROLE, "archivist")));
    documents.attachments(AttachmentStore.directory(directory));
    server = ScribeServer.start(RestApplication.builder(store).mount("folders", folders).mount("documents", documents)
        .authenticator(request -> "archivist".equals(request.getHeader("X-User"))
            ? dev.scribe.core.User.of("archie", "archie", "archivist") : null)
        .build(), 0);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      server.close();
      store.close();
      DATABASE.close();
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void aDocumentDeletedByCascadeFromItsFolderLosesItsFiles() {
    long folder = create("/folders", "{\"name\":\"going\"}");
    long document = create("/documents", "{\"title\":\"goes with it\",\"folder\":" + folder + "}");
    long kept = create("/documents", "{\"title\":\"stays\"}");
    upload(document, "a.txt");
    upload(kept, "k.txt");
    int before = filesIn(directory).size();

    assertThat(send("DELETE", "/folders/" + folder, null).status()).isEqualTo(204);

    assertThat(recordIdsWithFiles()).contains(String.valueOf(kept)).doesNotContain(String.valueOf(document));
    assertThat(filesIn(directory)).hasSize(before - 1);
  }

  @Test
  void aDocumentRemovedAsAnOrphanLosesItsFilesButNotBeforeTheCommit() {
    long folder = create("/folders", "{\"name\":\"staying\"}");
    long document = create("/documents", "{\"title\":\"orphaned\",\"folder\":" + folder + "}");
    upload(document, "o.txt");
    int before = filesIn(directory).size();

    store.inTransaction(() -> {
      Folder loaded = store.currentUnitOfWork().orElseThrow().entityManager().find(Folder.class, folder);
      loaded.documents.removeIf(child -> child.id == document);
      store.currentUnitOfWork().orElseThrow().entityManager().flush();
      // the row of the file went with the orphan's DELETE; its bytes wait for the commit
      assertThat(filesIn(directory)).hasSize(before);
      return null;
    });

    assertThat(recordIdsWithFiles()).doesNotContain(String.valueOf(document));
    assertThat(filesIn(directory)).hasSize(before - 1);
  }

  // a folder's list that leaves a document out deletes it as DELETE /documents/{id} would: through its repository
  // (postDelete on the nested path, which removes its files), held to the check of documents.destroy. Before, it was
  // removed by Hibernate as an orphan, without any repository event, by a caller who could not delete it at its route
  @Test
  void aDocumentAFoldersListLeavesOutIsDeletedThroughItsRepositoryByACallerWhoMayDeleteIt() {
    long folder = create("/folders", "{\"name\":\"listed\"}");
    long document = create("/documents", "{\"title\":\"left out\",\"folder\":" + folder + "}");
    upload(document, "l.txt");
    int before = filesIn(directory).size();
    DELETED.clear();

    Reply refused = send("PATCH", "/folders/" + folder, "{\"documents\":[]}", "Content-Type", "application/json");
    assertThat(refused.status()).as(refused.body()).isEqualTo(401);
    assertThat(refused.body()).contains("documents: deleting a document needs a logged-in user, as documents.destroy"
        + " does");
    assertThat(recordIdsWithFiles()).contains(String.valueOf(document));

    Reply emptied = send("PATCH", "/folders/" + folder, "{\"documents\":[]}", "Content-Type", "application/json",
        "X-User", "archivist");
    assertThat(emptied.status()).as(emptied.body()).isEqualTo(200);
    assertThat(DELETED).containsExactly("folders.documents.delete " + document);
    assertThat(recordIdsWithFiles()).doesNotContain(String.valueOf(document));
    assertThat(filesIn(directory)).hasSize(before - 1);
    assertThat(send("GET", "/documents/" + document, null).status()).isEqualTo(404);
  }

  @Test
  void aCascadeRolledBackKeepsTheFiles() {
    long folder = create("/folders", "{\"name\":\"not going after all\"}");
    long document = create("/documents", "{\"title\":\"kept\",\"folder\":" + folder + "}");
    upload(document, "r.txt");
    int before = filesIn(directory).size();

    try {
      store.inTransaction(() -> {
        var entityManager = store.currentUnitOfWork().orElseThrow().entityManager();
        entityManager.remove(entityManager.find(Folder.class, folder));
        entityManager.flush();
        throw new IllegalStateException("changed my mind");
      });
    } catch (IllegalStateException expected) {
      // rolled back
    }

    assertThat(recordIdsWithFiles()).contains(String.valueOf(document));
    assertThat(filesIn(directory)).hasSize(before);
    assertThat(send("GET", "/documents/" + document + "/files/r.txt", null).body()).isEqualTo("r.txt");
  }

  private static long create(String path, String json) {
    Reply reply = send("POST", path, json, "Content-Type", "application/json");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return ((Number) reply.map().get("id")).longValue();
  }

  private static void upload(long document, String name) {
    Reply reply = send("PUT", "/documents/" + document + "/files/" + name, name, "Content-Type", "text/plain");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
  }

  private static Reply send(String method, String path, String body, String... headers) {
    return Reply.exchange(CLIENT, server.uri().resolve(path), method, body, headers);
  }

  private static List<String> recordIdsWithFiles() {
    try (Connection connection = DATABASE.connection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select record_id from scribe_attachments where owner = 'documents'")) {
      List<String> ids = new java.util.ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> filesIn(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
