package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.repository.UnitOfWork;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store that received a whole upload and could not write it — a full disk, a remote store that cannot be
 * reached — is the server's failure, not the client's: 507 when out of space, 503 otherwise, with
 * {@code Retry-After}, and no row of the file is kept. So is one that cannot be read; a key it answers against its
 * contract is its own failure, not a 422 for the client.
 */
class AttachmentStoreFailureTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static volatile String failure;
  /** When set, what the store's write answers as the key instead of failing. */
  private static volatile String answeredKey;
  private static volatile boolean answersKey;
  /** When set, what the store's open fails with instead of a missing file. */
  private static volatile String readFailure;

  @BeforeAll
  static void attachAFailingStore() {
    http.taskController.attachments(new AttachmentStore() {
      @Override
      public String write(UnitOfWork unit, InputStream content) throws IOException {
        content.transferTo(OutputStream.nullOutputStream()); // the whole body arrives
        if (answersKey) {
          return answeredKey;
        }
        throw new IOException(failure);
      }

      @Override
      public InputStream open(UnitOfWork unit, String key) throws IOException {
        if (readFailure != null) {
          throw new IOException(readFailure);
        }
        throw new FileNotFoundException(key);
      }

      @Override
      public void delete(UnitOfWork unit, String key) {}
    });
  }

  @Test
  void outOfSpaceIs507AndAnyOtherWriteFailure503WithNothingStored() {
    long id = http.createTask("{\"title\":\"a full disk\"}");
    String url = "/tasks/" + id + "/files/notes.txt";

    failure = "No space left on device";
    Reply full = http.send("PUT", url, "x".repeat(5000), "Content-Type", "text/plain");
    failure = "the object store reset the connection";
    Reply unreachable = http.send("PUT", url, "x".repeat(5000), "Content-Type", "text/plain");

    assertThat(full.status()).isEqualTo(507);
    assertThat(full.body()).contains("Insufficient Storage").contains("out of space").contains("nothing was stored");
    assertThat(full.header("Retry-After")).isEqualTo("30");
    assertThat(unreachable.status()).isEqualTo(503);
    assertThat(unreachable.body()).contains("could not write the upload").doesNotContain("out of space");
    assertThat(unreachable.header("Retry-After")).isEqualTo("30");
    assertThat(http.query("select count(*) as n from scribe_attachments where record_id = '" + id + "'").get(0).get("n"))
        .isEqualTo(0L);
  }

  @Test
  void aKeyTheStoreAnswersAgainstItsContractIsTheServersFailureNamingTheStoreNotA422() {
    // the row refused the store's null or 100-character key, and the client was told a value of its was
    // missing or too long
    long id = http.createTask("{\"title\":\"a careless store\"}");
    java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    http.on(http.taskController.events(), "onError",
        args -> failures.add(String.valueOf(ControllerTier.exception(args).getMessage())));
    answersKey = true;
    try {
      answeredKey = null;
      Reply none = http.send("PUT", "/tasks/" + id + "/files/a.txt", "hello", "Content-Type", "text/plain");
      answeredKey = "k".repeat(100);
      Reply tooLong = http.send("PUT", "/tasks/" + id + "/files/a.txt", "hello", "Content-Type", "text/plain");

      assertThat(none.status()).isEqualTo(500);
      assertThat(tooLong.status()).isEqualTo(500);
      String store = AttachmentStoreFailureTest.class.getName() + "$1";
      assertThat(failures).containsExactly(
          store + ".write answered null as the key of the bytes it wrote; an AttachmentStore answers a key of 1 to 64"
              + " characters, under which open and delete find the bytes",
          store + ".write answered a key of 100 characters as the key of the bytes it wrote; an AttachmentStore"
              + " answers a key of 1 to 64 characters, under which open and delete find the bytes");
      assertThat(http.query("select count(*) as n from scribe_attachments where record_id = '" + id + "'").get(0).get("n"))
          .isEqualTo(0L);
    } finally {
      answersKey = false;
    }
  }

  @Test
  void aStoreThatCannotBeReadIs503LikeOneThatCannotBeWritten() {
    long id = http.createTask("{\"title\":\"an unreachable store\"}");
    answersKey = true;
    answeredKey = "k1";
    try {
      assertThat(http.send("PUT", "/tasks/" + id + "/files/a.txt", "hello", "Content-Type", "text/plain").status())
          .isEqualTo(201);
      readFailure = "the object store reset the connection";

      Reply download = http.send("GET", "/tasks/" + id + "/files/a.txt", null);

      assertThat(download.status()).as(download.body()).isEqualTo(503);
      assertThat(download.body()).contains("the file store of tasks.download could not read 'a.txt'")
          .contains("nothing was sent");
      assertThat(download.header("Retry-After")).isEqualTo("30");
    } finally {
      answersKey = false;
      readFailure = null;
    }
  }
}
