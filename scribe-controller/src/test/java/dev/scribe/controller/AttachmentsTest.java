package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Config;
import dev.scribe.core.Veto;
import dev.scribe.repository.Operator;
import dev.scribe.repository.RowScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * File attachments over real HTTP: tasks keep their files in the database store, subtasks (nested) in the
 * directory store. Upload, replace, download with ranges and conditions, delete, list; limits; vetoes leave
 * nothing written; row scope and missing records are 404; deleting a record removes its files.
 */
class AttachmentsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start(b -> b, b -> b.introspection(true));

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private static Path directory;

  @BeforeAll
  static void enable() throws IOException {
    directory = Files.createTempDirectory("scribe-attachments-");
    // tag::attachments[]
    http.taskController.attachments(AttachmentStore.database());            // bytes in a blob table
    http.subtaskController.attachments(AttachmentStore.directory(directory));  // bytes in files under a directory
    // end::attachments[]
  }

  @AfterAll
  static void removeDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @BeforeEach
  void emptyTheTables() {
    http.execute("delete from scribe_attachments", "delete from scribe_attachment_blobs");
  }

  @Test
  void uploadCreatesThenReplacesAndDownloadStreamsTheBytesBack() {
    long id = http.createTask("{\"title\":\"with files\"}");
    String url = "/tasks/" + id + "/files/notes.txt";

    Answer created = send("PUT", url, bytes("first draft"), "Content-Type", "text/plain; charset=utf-8");
    assertThat(created.status).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/tasks/" + id + "/files/notes.txt");
    assertThat(created.text()).contains("\"name\":\"notes.txt\"").contains("\"size\":11")
        .contains("\"contentType\":\"text/plain; charset=utf-8\"");
    String firstTag = created.header("ETag");
    assertThat(firstTag).matches("\"[A-Za-z0-9_-]{43}\"");

    Answer replaced = send("PUT", url, bytes("second draft!"), "Content-Type", "text/plain; charset=utf-8");
    assertThat(replaced.status).isEqualTo(200);
    assertThat(replaced.header("Location")).isNull();
    assertThat(replaced.header("ETag")).isNotEqualTo(firstTag);

    Answer download = send("GET", url, null);
    assertThat(download.status).isEqualTo(200);
    assertThat(download.text()).isEqualTo("second draft!");
    // Jetty writes the parameters without the space; the type is the one uploaded.
    assertThat(download.header("Content-Type").replace(" ", "")).isEqualTo("text/plain;charset=utf-8");
    assertThat(download.header("Content-Length")).isEqualTo("13");
    assertThat(download.header("ETag")).isEqualTo(replaced.header("ETag"));
    assertThat(download.header("Last-Modified")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    assertThat(download.header("Content-Disposition")).startsWith("attachment; filename=");
    assertThat(download.header("Content-Security-Policy")).isEqualTo("sandbox");
    assertThat(download.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(http.query("select count(*) as n from scribe_attachment_blobs").get(0).get("n")).isEqualTo(1L);
  }

  @Test
  void aFileDeclaredInACharsetTheServerDoesNotKnowIsStoredAndServedAsItCame() {
    long id = http.createTask("{\"title\":\"odd charset\"}");
    String url = "/tasks/" + id + "/files/seven.txt";

    Answer created = send("PUT", url, bytes("+AGEAYgBj-"), "Content-Type", "text/plain; charset=utf-7");
    Answer download = send("GET", url, null);

    // the bytes are the file's own: their charset is the uploader's to declare, not the server's to decode
    assertThat(created.status).as(created.text()).isEqualTo(201);
    assertThat(created.text()).contains("\"contentType\":\"text/plain; charset=utf-7\"");
    assertThat(download.status).isEqualTo(200);
    assertThat(download.text()).isEqualTo("+AGEAYgBj-");
    assertThat(download.header("Content-Type").replace(" ", "")).isEqualTo("text/plain;charset=utf-7");
  }

  @Test
  void theSameBytesGiveTheSameStrongTag() {
    long a = http.createTask("{\"title\":\"a\"}");
    long b = http.createTask("{\"title\":\"b\"}");

    String tagA = send("PUT", "/tasks/" + a + "/files/x.bin", bytes("same"), "Content-Type", "application/octet-stream")
        .header("ETag");
    String tagB = send("PUT", "/tasks/" + b + "/files/y.bin", bytes("same"), "Content-Type", "application/octet-stream")
        .header("ETag");

    assertThat(tagA).isEqualTo(tagB).doesNotStartWith("W/");
  }

  @Test
  void rangesConditionsAndHead() {
    long id = http.createTask("{\"title\":\"ranges\"}");
    String url = "/tasks/" + id + "/files/digits.txt";
    String tag = send("PUT", url, bytes("0123456789"), "Content-Type", "text/plain").header("ETag");

    Answer part = send("GET", url, null, "Range", "bytes=2-5");
    assertThat(part.status).isEqualTo(206);
    assertThat(part.text()).isEqualTo("2345");
    assertThat(part.header("Content-Range")).isEqualTo("bytes 2-5/10");
    assertThat(part.header("Content-Length")).isEqualTo("4");

    assertThat(send("GET", url, null, "Range", "bytes=7-").text()).isEqualTo("789");
    assertThat(send("GET", url, null, "Range", "bytes=-3").text()).isEqualTo("789");
    assertThat(send("GET", url, null, "Range", "bytes=8-100").header("Content-Range")).isEqualTo("bytes 8-9/10");

    Answer outside = send("GET", url, null, "Range", "bytes=10-20");
    assertThat(outside.status).isEqualTo(416);
    assertThat(outside.header("Content-Range")).isEqualTo("bytes */10");
    assertThat(outside.header("Content-Type")).startsWith("application/problem+json");
    assertThat(outside.text()).contains("10 bytes").contains("\"title\":\"Range Not Satisfiable\"");

    Answer several = send("GET", url, null, "Range", "bytes=0-1,4-5");
    assertThat(several.status).as("several ranges: the whole file").isEqualTo(200);
    assertThat(send("GET", url, null, "Range", "bytes=2-5", "If-Range", "\"stale\"").status).isEqualTo(200);
    assertThat(send("GET", url, null, "Range", "bytes=2-5", "If-Range", tag).status).isEqualTo(206);

    Answer cached = send("GET", url, null, "If-None-Match", tag);
    assertThat(cached.status).isEqualTo(304);
    assertThat(cached.body).isEmpty();
    assertThat(cached.header("ETag")).isEqualTo(tag);
    assertThat(send("GET", url, null, "If-None-Match", "W/" + tag).status).isEqualTo(304);
    assertThat(send("GET", url, null, "If-None-Match", "\"other\"").status).isEqualTo(200);

    Answer head = send("HEAD", url, null);
    assertThat(head.status).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("10");
    assertThat(head.header("ETag")).isEqualTo(tag);
    assertThat(head.body).isEmpty();
  }

  @Test
  void ifMatchAndIfNoneMatchStarGuardAReplace() {
    long id = http.createTask("{\"title\":\"guarded\"}");
    String url = "/tasks/" + id + "/files/a.txt";
    String tag = send("PUT", url, bytes("one"), "Content-Type", "text/plain", "If-None-Match", "*").header("ETag");

    assertThat(send("PUT", url, bytes("two"), "Content-Type", "text/plain", "If-None-Match", "*").status).isEqualTo(412);
    assertThat(send("PUT", url, bytes("two"), "Content-Type", "text/plain", "If-Match", "\"stale\"").status).isEqualTo(412);
    assertThat(send("PUT", url, bytes("two"), "Content-Type", "text/plain", "If-Match", tag).status).isEqualTo(200);
    assertThat(send("GET", url, null).text()).isEqualTo("two");
  }

  @Test
  void aTypeThatIsNotOneMediaTypeAPartialPutAndANameTooLongForItsColumnAre400() {
    long id = http.createTask("{\"title\":\"strict\"}");
    String url = "/tasks/" + id + "/files/";

    Answer noSubtype = send("PUT", url + "a.txt", bytes("x"), "Content-Type", "text/");
    Answer range = send("PUT", url + "b.png", bytes("x"), "Content-Type", "image/*");
    Answer partial = send("PUT", url + "c.txt", bytes("abcd"), "Content-Type", "text/plain",
        "Content-Range", "bytes 0-3/100");
    String emoji = "\uD83D\uDE00".repeat(128); // 128 code points, 256 UTF-16 units
    Answer longName = send("PUT", url + java.net.URLEncoder.encode(emoji, StandardCharsets.UTF_8), bytes("x"),
        "Content-Type", "text/plain");

    assertThat(noSubtype.status).isEqualTo(400);
    assertThat(noSubtype.text()).contains("Content-Type 'text/' is not the media type of one file; send type/subtype");
    assertThat(range.status).isEqualTo(400);
    assertThat(partial.status).isEqualTo(400);
    assertThat(partial.text()).contains("a PUT with Content-Range (a part of it) is not supported");
    assertThat(longName.status).isEqualTo(400);
    assertThat(longName.text()).contains("it has 256 characters (a character outside the Basic Multilingual Plane");
    assertThat(send("GET", "/tasks/" + id + "/files", null).text()).isEqualTo("{\"items\":[]}");
  }

  @Test
  void aRefusedUploadIsAnsweredBeforeItsBodyIsSent() throws Exception {
    long id = http.createTask("{\"title\":\"early\"}");
    String path = "/tasks/" + id + "/files/big.txt";
    // a client waiting for 100 Continue, and one that declares far more than it sends
    String[] heads = {
        "Content-Length: 20000000\r\nExpect: 100-continue\r\n",
        "Content-Length: 99999999999\r\n",
    };
    for (String head : heads) {
      try (java.net.Socket socket = new java.net.Socket(http.server.uri().getHost(), http.server.uri().getPort())) {
        socket.setSoTimeout(10_000); // the server's idle timeout is longer: an answer waiting for the body fails here
        socket.getOutputStream().write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
            + head + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
            StandardCharsets.US_ASCII)).readLine();
        assertThat(statusLine).as(head).startsWith("HTTP/1.1 413");
      }
    }
    assertThat(send("GET", "/tasks/" + id + "/files", null).text()).isEqualTo("{\"items\":[]}");
  }

  @Test
  void repeatedLinesOfIfNoneMatchFormOneList() {
    long id = http.createTask("{\"title\":\"lists\"}");
    String url = "/tasks/" + id + "/files/l.txt";
    String tag = send("PUT", url, bytes("one"), "Content-Type", "text/plain").header("ETag");

    Answer again = send("GET", url, null, "If-None-Match", "\"other\"", "If-None-Match", tag);

    assertThat(again.status).isEqualTo(304);
  }

  @Test
  void deleteAndList() {
    long id = http.createTask("{\"title\":\"list\"}");
    send("PUT", "/tasks/" + id + "/files/b.png", new byte[] {1, 2, 3}, "Content-Type", "image/png");
    send("PUT", "/tasks/" + id + "/files/a%20b.txt", bytes("hi"), "Content-Type", "text/plain");

    Answer list = send("GET", "/tasks/" + id + "/files", null);
    assertThat(list.status).isEqualTo(200);
    assertThat(list.text()).contains("\"name\":\"a b.txt\"").contains("\"name\":\"b.png\"").contains("\"size\":3")
        .contains("\"contentType\":\"image/png\"");
    assertThat(list.text().indexOf("a b.txt")).isLessThan(list.text().indexOf("b.png"));

    assertThat(send("DELETE", "/tasks/" + id + "/files/b.png", null).status).isEqualTo(204);
    assertThat(send("GET", "/tasks/" + id + "/files/b.png", null).status).isEqualTo(404);
    assertThat(send("DELETE", "/tasks/" + id + "/files/b.png", null).status).isEqualTo(404);
    assertThat(http.query("select count(*) as n from scribe_attachment_blobs").get(0).get("n")).isEqualTo(1L);
    assertThat(send("POST", "/tasks/" + id + "/files/a%20b.txt", null).status).isEqualTo(405);
  }

  @Test
  void eachActionFiresItsEventsOnTheControllerTier() {
    long id = http.createTask("{\"title\":\"events\"}");
    List<String> fired = new ArrayList<>();
    for (String event : List.of("onInit", "onPreUpload", "onPostUpload", "onPreDownload", "onPostDownload",
        "onPreDeleteFile", "onPostDeleteFile", "onPreListFiles", "onPostListFiles")) {
      http.on(http.taskController.events(), event, args -> fired.add(event + ":" + args.path()
          + (args.get("fileName") == null ? "" : ":" + args.get("fileName"))));
    }
    String url = "/tasks/" + id + "/files/e.txt";
    send("PUT", url, bytes("e"), "Content-Type", "text/plain");
    send("GET", url, null);
    send("GET", "/tasks/" + id + "/files", null);
    send("DELETE", url, null);

    assertThat(fired).containsExactly(
        "onInit:tasks.upload:e.txt", "onPreUpload:tasks.upload:e.txt", "onPostUpload:tasks.upload:e.txt",
        "onInit:tasks.download:e.txt", "onPreDownload:tasks.download:e.txt", "onPostDownload:tasks.download:e.txt",
        "onInit:tasks.listFiles", "onPreListFiles:tasks.listFiles", "onPostListFiles:tasks.listFiles",
        "onInit:tasks.deleteFile:e.txt", "onPreDeleteFile:tasks.deleteFile:e.txt", "onPostDeleteFile:tasks.deleteFile:e.txt");
  }

  @Test
  void theEventsAreInTheCatalogue() {
    Answer catalogue = send("GET", "/_scribe/events", null);

    assertThat(catalogue.text()).contains("\"onPreUpload\"", "\"onPostUpload\"", "\"onPreDownload\"",
        "\"onPostDownload\"", "\"onPreDeleteFile\"", "\"onPostDeleteFile\"", "\"onPreListFiles\"", "\"onPostListFiles\"");
  }

  @Test
  void aVetoBeforeOrAfterTheBytesLeavesNothingWritten() {
    long id = http.createTask("{\"title\":\"vetoed\"}");
    List<String> errors = new ArrayList<>();
    http.on(http.taskController.events(), "onError", args -> errors.add(args.action() + ":" + args.get("status")));
    // tag::upload-veto[]
    http.on(http.taskController.events(), "onPreUpload", args -> {
      if ("no.txt".equals(args.get("fileName"))) {
        throw new Veto(403, "no.txt is not welcome");                 // nothing is read, nothing is written
      }
    });
    // end::upload-veto[]
    http.on(http.taskController.events(), "onPostUpload", args -> {
      if ("late.txt".equals(args.get("fileName"))) {
        throw new Veto(422, "too late for " + args.get("size") + " bytes");
      }
    });

    Answer early = send("PUT", "/tasks/" + id + "/files/no.txt", bytes("x"), "Content-Type", "text/plain");
    Answer late = send("PUT", "/tasks/" + id + "/files/late.txt", bytes("xyz"), "Content-Type", "text/plain");

    assertThat(early.status).isEqualTo(403);
    assertThat(late.status).isEqualTo(422);
    assertThat(late.text()).contains("too late for 3 bytes");
    assertThat(errors).containsExactly("upload:403", "upload:422");
    assertThat(http.rows("scribe_attachments")).isZero();
    assertThat(http.rows("scribe_attachment_blobs")).isZero();
  }

  @Test
  void theConditionsOfAnUploadHoldForTheNameOnPreUploadLeft() {
    long id = http.createTask("{\"title\":\"renamed uploads\"}");
    assertThat(send("PUT", "/tasks/" + id + "/files/taken.txt", bytes("first"), "Content-Type", "text/plain").status)
        .isEqualTo(201);
    http.on(http.taskController.events(), "onPreUpload", args -> {
      if ("draft.txt".equals(args.get("fileName"))) {
        args.put("fileName", "taken.txt");
      }
    });

    Answer createOnly = send("PUT", "/tasks/" + id + "/files/draft.txt", bytes("second"), "Content-Type", "text/plain",
        "If-None-Match", "*");

    assertThat(createOnly.status).as("If-None-Match: * against the file the upload would replace").isEqualTo(412);
    assertThat(send("GET", "/tasks/" + id + "/files/taken.txt", null).text()).isEqualTo("first");
    assertThat(send("GET", "/tasks/" + id + "/files/draft.txt", null).status).isEqualTo(404);
  }

  @Test
  void aVetoedReplaceKeepsTheOldFileAndAVetoedDeleteKeepsTheFile() {
    long task = http.createTask("{\"title\":\"parent\"}");
    long sub = http.createSubtask(task, "{\"title\":\"child\"}");
    String url = "/tasks/" + task + "/subtasks/" + sub + "/files/keep.txt";
    assertThat(send("PUT", url, bytes("old"), "Content-Type", "text/plain").status).isEqualTo(201);
    http.on(http.subtaskController.events(), "onPostUpload", args -> {
      throw new Veto(409, "frozen");
    });
    http.on(http.subtaskController.events(), "onPreDeleteFile", args -> {
      throw new Veto(409, "frozen");
    });

    assertThat(send("PUT", url, bytes("new"), "Content-Type", "text/plain").status).isEqualTo(409);
    assertThat(send("DELETE", url, null).status).isEqualTo(409);

    assertThat(send("GET", url, null).text()).isEqualTo("old");
    assertThat(filesIn(directory)).as("the rolled-back upload's file is removed").hasSize(1);
  }

  @Test
  void limitsAre413415And400NamingWhatIsAllowed() {
    long id = http.createTask("{\"title\":\"limits\"}");
    http.taskController.configure(Config.of(Map.of(ControllerOptions.MAX_FILE_BYTES.name(), 8, ControllerOptions.FILE_TYPES.name(),
        List.of("text/plain", "image/*"))));

    Answer large = send("PUT", "/tasks/" + id + "/files/big.txt", bytes("123456789"), "Content-Type", "text/plain");
    assertThat(large.status).isEqualTo(413);
    assertThat(large.text()).contains("at most 8 bytes").contains("maxFileBytes");
    Answer chunked = sendStream("/tasks/" + id + "/files/big.txt", bytes("123456789"), "text/plain");
    assertThat(chunked.status).as("a chunked body is counted as it arrives").isEqualTo(413);

    Answer type = send("PUT", "/tasks/" + id + "/files/x.pdf", bytes("%PDF"), "Content-Type", "application/pdf");
    assertThat(type.status).isEqualTo(415);
    assertThat(type.text()).contains("application/pdf").contains("text/plain, image/*");
    assertThat(send("PUT", "/tasks/" + id + "/files/x.gif", bytes("GIF8"), "Content-Type", "image/gif").status)
        .isEqualTo(201);

    for (String bad : List.of("..", "%2E%2E", "a%5Cb", "tab%09name", "%20lead", "x".repeat(256))) {
      Answer refused = send("PUT", "/tasks/" + id + "/files/" + bad, bytes("1"), "Content-Type", "text/plain");
      // The client or Jetty may normalise '..' away before the servlet sees it; then it is no file route at all.
      assertThat(refused.status).as(bad + " never reaches a store").isBetween(400, 499);
      if (refused.text().contains("file name")) {
        assertThat(refused.text()).as(bad).contains("255 characters");
      }
    }
    Answer tooLong = send("PUT", "/tasks/" + id + "/files/" + "x".repeat(256), bytes("1"), "Content-Type", "text/plain");
    assertThat(tooLong.status).isEqualTo(400);
    assertThat(tooLong.text()).contains("256 characters (a character outside").contains("more than 255").contains("without '/', '\\\\'");
    Answer control = send("PUT", "/tasks/" + id + "/files/bell%07.txt", bytes("1"), "Content-Type", "text/plain");
    assertThat(control.status).as("Jetty refuses control characters in a path before the framework sees them")
        .isEqualTo(400);
    assertThat(control.header("Content-Type")).startsWith("application/problem+json");
    assertThat(http.rows("scribe_attachments")).isEqualTo(1);
  }

  @Test
  void aDownloadWhoseFileIsReplacedBetweenItsRowAndItsBytesReadsTheNewFile() throws Exception {
    // both stores: the blob table removes the old bytes in the replace's transaction, the directory after it
    long task = http.createTask("{\"title\":\"racing\"}");
    long subtask = http.createSubtask(task, "{\"title\":\"racing too\"}");
    for (String url : List.of("/tasks/" + task + "/files/r.txt", "/tasks/" + task + "/subtasks/" + subtask + "/files/r.txt")) {
      assertThat(send("PUT", url, bytes("old bytes"), "Content-Type", "text/plain").status).isEqualTo(201);
      java.util.concurrent.atomic.AtomicInteger downloads = new java.util.concurrent.atomic.AtomicInteger();
      dev.scribe.core.EventHandler replaceOnce = args -> {
        if (downloads.incrementAndGet() == 1) {
          // the download has read the file's row; another request replaces the file and commits
          java.util.concurrent.CompletableFuture<Answer> replace = java.util.concurrent.CompletableFuture.supplyAsync(
              () -> send("PUT", url, bytes("new bytes!"), "Content-Type", "text/plain"));
          assertThat(replace.join().status).isEqualTo(200);
        }
      };
      List<dev.scribe.core.Subscription> handlers = List.of(
          http.taskController.events().on("onPreDownload", replaceOnce),
          http.subtaskController.events().on("onPreDownload", replaceOnce));
      try {
        Answer download = send("GET", url, null);

        assertThat(download.status).as(url + ": " + download.text()).isEqualTo(200);
        assertThat(download.text()).isEqualTo("new bytes!");
        assertThat(downloads).as("read again once").hasValue(2);
      } finally {
        handlers.forEach(dev.scribe.core.Subscription::remove);
      }
    }
  }

  @Test
  void parallelUploadsOfANewNameAndDeletesOfItRunOneAfterTheOther() throws Exception {
    long task = http.createTask("{\"title\":\"uploads at once\"}");
    long subtask = http.createSubtask(task, "{\"title\":\"and under a child\"}");
    for (String url : List.of("/tasks/" + task + "/files/new.txt", "/tasks/" + task + "/subtasks/" + subtask + "/files/new.txt")) {
      java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(6);
      try {
        List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
        for (int c = 0; c < 6; c++) {
          int client = c;
          answers.add(clients.submit(() -> client == 5 ? send("DELETE", url, null)
              : send("PUT", url, bytes("client " + client), "Content-Type", "text/plain")));
        }
        for (int c = 0; c < 6; c++) {
          Answer answer = answers.get(c).get(60, java.util.concurrent.TimeUnit.SECONDS);
          // an unconditional PUT creates or replaces; the delete finds the file or comes first (404)
          assertThat(answer.status).as(url + " client " + c + ": " + answer.text()).isIn(c == 5 ? List.of(204, 404)
              : List.of(200, 201));
        }
      } finally {
        clients.shutdownNow();
      }
    }
  }

  @Test
  void uploadsRacingTheirRecordsDeleteLeaveNoFileOfADeletedRecord() throws Exception {
    List<Path> before = filesIn(directory); // other tests' files: their rows went with the tables' emptying
    java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 12; round++) {
        long task = http.createTask("{\"title\":\"deleted while uploading " + round + "\"}");
        // the database store under a task, the directory store under a subtask
        String base = round % 2 == 0 ? "/tasks/" + task
            : "/tasks/" + task + "/subtasks/" + http.createSubtask(task, "{\"title\":\"child " + round + "\"}");
        List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
        for (int c = 0; c < 3; c++) {
          String url = base + "/files/f" + c + ".txt";
          answers.add(clients.submit(() -> send("PUT", url, bytes("x".repeat(2000)), "Content-Type", "text/plain")));
        }
        answers.add(clients.submit(() -> send("DELETE", base, null)));
        for (int c = 0; c < 4; c++) {
          Answer answer = answers.get(c).get(60, java.util.concurrent.TimeUnit.SECONDS);
          // an upload finishes before the delete removes the record's files, or finds the record gone
          assertThat(answer.status).as(base + " client " + c + ": " + answer.text()).isIn(c == 3 ? List.of(204)
              : List.of(201, 404));
        }
      }
    } finally {
      clients.shutdownNow();
    }
    // every record that had files is deleted: no row, no blob and no file may be left (before: a few rows)
    assertThat(http.query("select count(*) as n from scribe_attachments").get(0).get("n")).isEqualTo(0L);
    assertThat(http.query("select count(*) as n from scribe_attachment_blobs").get(0).get("n")).isEqualTo(0L);
    assertThat(filesIn(directory)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void namesWithInvisibleCharactersAreRefusedAndOtherScriptsAndEmojiAreKept() {
    long id = http.createTask("{\"title\":\"names\"}");
    for (String[] bad : new String[][] {{"%E2%80%AEtxt.exe", "U+202E"}, {"a%E2%80%8Bb.txt", "U+200B"},
        {"%EF%BB%BFbom.txt", "U+FEFF"}, {"line%E2%80%A8break.txt", "U+2028"}}) {
      Answer refused = send("PUT", "/tasks/" + id + "/files/" + bad[0], bytes("1"), "Content-Type", "text/plain");
      assertThat(refused.status).as(bad[0]).isEqualTo(400);
      assertThat(refused.text()).as(bad[0]).contains("invisible character " + bad[1]).contains("\\u" + bad[1].substring(2));
    }
    for (String good : List.of("caf%C3%A9.txt", "%E6%97%A5%E6%9C%AC.txt", "%F0%9F%98%80.png", "a%20b.txt")) {
      assertThat(send("PUT", "/tasks/" + id + "/files/" + good, bytes("1"), "Content-Type", "text/plain").status)
          .as(good).isEqualTo(201);
    }
    assertThat(http.rows("scribe_attachments")).isEqualTo(4);
  }

  /**
   * A no-break space (U+00A0, U+202F, U+2007) or an ideographic space at either end looks like no character at all:
   * {@code report.pdf\u00A0} was a second file beside {@code report.pdf} that every list showed under the same name.
   */
  @Test
  void aNameStartingOrEndingWithAnySpaceIsRefused() {
    long id = http.createTask("{\"title\":\"spaces\"}");
    for (String bad : List.of("report.pdf%C2%A0", "%C2%A0report.pdf", "report.pdf%E2%80%AF", "report.pdf%E2%80%87",
        "report.pdf%E3%80%80", "%C2%A0")) {
      Answer refused = send("PUT", "/tasks/" + id + "/files/" + bad, bytes("1"), "Content-Type", "text/plain");
      assertThat(refused.status).as(bad + ": " + refused.text()).isEqualTo(400);
      assertThat(refused.text()).as(bad).contains("starts or ends with a space");
    }
    // a no-break space inside a name is a character like any other
    assertThat(send("PUT", "/tasks/" + id + "/files/50%C2%A0km.txt", bytes("1"), "Content-Type", "text/plain").status)
        .isEqualTo(201);
    assertThat(http.rows("scribe_attachments")).isEqualTo(1);
  }

  @Test
  void aNameTypedWithACombiningAccentIsTheSameNameAsItsComposedForm() {
    long id = http.createTask("{\"title\":\"accents\"}");

    Answer composed = send("PUT", "/tasks/" + id + "/files/caf%C3%A9.txt", bytes("first"), "Content-Type", "text/plain");
    Answer decomposed = send("PUT", "/tasks/" + id + "/files/cafe%CC%81.txt", bytes("second"), "Content-Type", "text/plain");
    Answer read = send("GET", "/tasks/" + id + "/files/cafe%CC%81.txt", null);
    Answer listed = send("GET", "/tasks/" + id + "/files", null);

    // before, "caf\u00e9.txt" and "cafe\u0301.txt" were two files whose names look the same in every list
    assertThat(composed.status).isEqualTo(201);
    assertThat(decomposed.status).as("the same file, replaced").isEqualTo(200);
    assertThat(decomposed.text()).contains("\"name\":\"caf\u00e9.txt\"");
    assertThat(read.text()).isEqualTo("second");
    assertThat(listed.text()).containsOnlyOnce("caf");
    assertThat(http.rows("scribe_attachments")).isEqualTo(1);
    assertThat(send("DELETE", "/tasks/" + id + "/files/caf%C3%A9.txt", null).status).isEqualTo(204);
    assertThat(http.rows("scribe_attachments")).isZero();
  }

  @Test
  void aMissingRecordOrOneOutsideTheRowScopeIs404() {
    long visible = http.createTask("{\"title\":\"visible\"}");
    long secret = http.createTask("{\"title\":\"secret\"}");
    send("PUT", "/tasks/" + secret + "/files/s.txt", bytes("s"), "Content-Type", "text/plain");
    http.on(http.tasks.events(), "scopeQuery", args -> RowScope.of(args).where("title", Operator.NE, "secret"));

    assertThat(send("PUT", "/tasks/987654/files/a.txt", bytes("a"), "Content-Type", "text/plain").status).isEqualTo(404);
    assertThat(send("GET", "/tasks/" + secret + "/files/s.txt", null).status).isEqualTo(404);
    assertThat(send("GET", "/tasks/" + secret + "/files", null).status).isEqualTo(404);
    assertThat(send("DELETE", "/tasks/" + secret + "/files/s.txt", null).status).isEqualTo(404);
    assertThat(send("PUT", "/tasks/" + secret + "/files/t.txt", bytes("t"), "Content-Type", "text/plain").status)
        .isEqualTo(404);
    assertThat(send("GET", "/tasks/" + visible + "/files", null).status).isEqualTo(200);
    long other = http.createTask("{\"title\":\"other parent\"}");
    long sub = http.createSubtask(visible, "{\"title\":\"child\"}");
    assertThat(send("PUT", "/tasks/" + other + "/subtasks/" + sub + "/files/c.txt", bytes("c"), "Content-Type",
        "text/plain").status).as("a child under another parent").isEqualTo(404);
    assertThat(http.rows("scribe_attachments")).isEqualTo(1);
  }

  @Test
  void writingAFileNeedsWhatUpdatingTheRecordNeeds() {
    long id = http.createTask("{\"title\":\"read only\"}");
    http.taskController.configure(Config.empty().override("tasks.update", Map.of("editable", false)));

    Answer refused = send("PUT", "/tasks/" + id + "/files/a.txt", bytes("a"), "Content-Type", "text/plain");
    assertThat(refused.status).isEqualTo(405);
    assertThat(refused.text()).contains("editable");

    http.taskController.configure(Config.empty().override("tasks.update", Map.of(Access.REQUIRES_USER, true)));
    assertThat(send("PUT", "/tasks/" + id + "/files/a.txt", bytes("a"), "Content-Type", "text/plain").status)
        .isEqualTo(401);
    assertThat(send("GET", "/tasks/" + id + "/files", null).status).as("reading needs what show needs").isEqualTo(200);
  }

  /**
   * Where writing the record is disabled, a file's URL allows what reading it allows, in every answer there: OPTIONS
   * and the 405 of another method named PUT and DELETE, the methods the upload's own 405 refused.
   */
  @Test
  void aFileOfARecordThatCannotBeWrittenAllowsOnlyReadingInEveryAnswer() {
    long id = http.createTask("{\"title\":\"read only\"}");
    http.taskController.configure(Config.empty().override("tasks.update", Map.of("editable", false)));

    Answer upload = send("PUT", "/tasks/" + id + "/files/a.txt", bytes("a"), "Content-Type", "text/plain");
    Answer options = send("OPTIONS", "/tasks/" + id + "/files/a.txt", null);
    Answer post = send("POST", "/tasks/" + id + "/files/a.txt", bytes("a"), "Content-Type", "text/plain");

    assertThat(upload.status).isEqualTo(405);
    assertThat(upload.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(options.status).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(post.status).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(post.text()).contains("use GET, HEAD\"");
    http.taskController.configure(Config.empty().override("tasks.deleteFile", Map.of("editable", false)));
    assertThat(send("OPTIONS", "/tasks/" + id + "/files/a.txt", null).header("Allow")).as("deleting alone disabled")
        .isEqualTo("GET, HEAD, PUT");
    Answer delete = send("DELETE", "/tasks/" + id + "/files/a.txt", null);
    assertThat(delete.status).isEqualTo(405);
    assertThat(delete.header("Allow")).isEqualTo("GET, HEAD, PUT");
    assertThat(http.rows("scribe_attachments")).isZero();
  }

  /** The list of a record's files has no ETag: an If-Match naming a tag is a 412 there, as on an index. */
  @Test
  void theListOfFilesIs412ForAnIfMatchThatNamesATag() {
    long id = http.createTask("{\"title\":\"listed\"}");

    Answer tagged = send("GET", "/tasks/" + id + "/files", null, "If-Match", "\"0\"");
    Answer any = send("GET", "/tasks/" + id + "/files", null, "If-Match", "*");

    // it was a 200, as if the condition had not been sent
    assertThat(tagged.status).as(tagged.text()).isEqualTo(412);
    assertThat(tagged.text()).contains("tasks.listFiles answers no ETag, so If-Match \\\"0\\\" names none of its versions");
    assertThat(any.status).isEqualTo(200);
  }

  @Test
  void deletingARecordRemovesItsFilesFromEitherStore() {
    long task = http.createTask("{\"title\":\"doomed\"}");
    long kept = http.createTask("{\"title\":\"kept\"}");
    long sub = http.createSubtask(kept, "{\"title\":\"doomed child\"}");
    send("PUT", "/tasks/" + task + "/files/a.txt", bytes("a"), "Content-Type", "text/plain");
    send("PUT", "/tasks/" + kept + "/files/k.txt", bytes("k"), "Content-Type", "text/plain");
    send("PUT", "/tasks/" + kept + "/subtasks/" + sub + "/files/c.txt", bytes("c"), "Content-Type", "text/plain");
    int before = filesIn(directory).size();

    assertThat(http.delete("/tasks/" + task).status()).isEqualTo(204);
    assertThat(http.delete("/tasks/" + kept + "/subtasks?all=true").status()).isEqualTo(200);

    assertThat(http.query("select record_id from scribe_attachments")).extracting(row -> row.get("record_id"))
        .containsExactly(String.valueOf(kept));
    assertThat(http.rows("scribe_attachment_blobs")).isEqualTo(1);
    assertThat(filesIn(directory)).hasSize(before - 1);
  }

  @Test
  void aVetoedRecordDeleteKeepsTheFiles() {
    long task = http.createTask("{\"title\":\"kept by veto\"}");
    send("PUT", "/tasks/" + task + "/files/a.txt", bytes("a"), "Content-Type", "text/plain");
    http.on(http.taskController.events(), "onPostDestroy", args -> {
      throw new Veto(409, "not today");
    });

    assertThat(http.delete("/tasks/" + task).status()).isEqualTo(409);

    assertThat(send("GET", "/tasks/" + task + "/files/a.txt", null).text()).isEqualTo("a");
  }

  @Test
  void aLargeUploadIsStreamedThroughBothStores() throws Exception {
    long task = http.createTask("{\"title\":\"large\"}");
    long sub = http.createSubtask(task, "{\"title\":\"large child\"}");
    http.taskController.configure(Config.of(Map.of(ControllerOptions.MAX_FILE_BYTES.name(), 64 << 20)));
    http.subtaskController.configure(Config.of(Map.of(ControllerOptions.MAX_FILE_BYTES.name(), 64 << 20)));
    byte[] large = new byte[20 << 20];
    new java.util.Random(7).nextBytes(large);
    String digest = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(large));

    for (String url : List.of("/tasks/" + task + "/subtasks/" + sub + "/files/large.bin",
        "/tasks/" + task + "/files/large.bin")) {
      // Chunked: the server learns the size only by reading, and reads past what Jetty buffers before the servlet.
      assertThat(sendStream(url, large, "application/octet-stream").status).as(url).isEqualTo(201);
      Answer back = send("GET", url, null);
      assertThat(back.header("Content-Length")).isEqualTo(String.valueOf(large.length));
      assertThat(java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back.body)))
          .as(url).isEqualTo(digest);
    }
  }

  @Test
  void downloadsThatTheirClientsReadSlowlyHoldNoDatabaseConnection() throws Exception {
    long task = http.createTask("{\"title\":\"slow readers\"}");
    http.taskController.configure(Config.of(Map.of(ControllerOptions.MAX_FILE_BYTES.name(), 16 << 20)));
    String url = "/tasks/" + task + "/files/big.bin";
    assertThat(send("PUT", url, new byte[12 << 20], "Content-Type", "application/octet-stream").status).isEqualTo(201);
    List<java.net.Socket> readers = new ArrayList<>();
    try {
      // more stalled downloads than the pool has connections: each sends its headers, then reads nothing more
      for (int i = 0; i < 12; i++) {
        java.net.Socket socket = new java.net.Socket(http.server.uri().getHost(), http.server.uri().getPort());
        socket.setReceiveBufferSize(4096);
        socket.getOutputStream().write(("GET " + url + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        socket.getInputStream().read(new byte[64]);
        readers.add(socket);
      }

      Answer meanwhile = send("GET", "/tasks/" + task, null);

      assertThat(meanwhile.status).as(meanwhile.text()).isEqualTo(200);
    } finally {
      for (java.net.Socket socket : readers) {
        socket.close();
      }
    }
  }

  // ---- helpers ----

  private static List<Path> filesIn(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A request with a byte body (or none); headers as name, value pairs. */
  private static Answer send(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(http.server.uri().resolve(path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return exchange(request.build());
  }

  /** A PUT without Content-Length (chunked): the server learns the size only by reading. */
  private static Answer sendStream(String path, byte[] body, String contentType) {
    return exchange(HttpRequest.newBuilder(http.server.uri().resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
  }

  private static Answer exchange(HttpRequest request) {
    try {
      HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        return new Answer(response.statusCode(), response.headers(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Answer(int status, java.net.http.HttpHeaders headers, byte[] body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
