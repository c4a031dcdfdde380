package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.fixture.Task;
import dev.scribe.core.Config;
import dev.scribe.core.Veto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Imports of CSV and NDJSON over HTTP: per-record events, the report per row, dry runs, rollback, jobs, limits. */
class ImportTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CSV = "text/csv";
  private static final String NDJSON = "application/x-ndjson";

  private static Reply importRows(String path, String type, String body) {
    return http.send("POST", path, body, "Content-Type", type);
  }

  /**
   * An import creates records, which no tag can name yet: {@code If-Match} or {@code If-None-Match} on it is a 400, as
   * on a create by POST, where the import ran and wrote its rows as if the client had sent no condition.
   */
  @Test
  void anImportWithIfMatchOrIfNoneMatchIsRefusedAsACreateIs() {
    for (String[] condition : new String[][] {{"If-None-Match", "*"}, {"If-Match", "\"0\""}, {"If-Match", "*"}}) {
      for (String query : List.of("", "?dryRun=true", "?async=true")) {
        Reply reply = http.send("POST", "/tasks/import" + query, "title\r\nconditional\r\n", "Content-Type", CSV,
            condition[0], condition[1]);

        assertThat(reply.status()).as(condition[0] + query + ": " + reply.body()).isEqualTo(400);
        assertThat(reply.map().get("detail")).isEqualTo(condition[0] + " names a version of a record, and tasks.import"
            + " creates new ones that no tag can name yet; send the import without it");
      }
    }
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anNdjsonLineLongerThanARecordCanBeIsRefusedWithoutReadingItsJson() {
    // a 15 MB line of empty objects was read into five million maps before its row was judged: out of memory, a 500
    String wide = "{\"title\":\"x\",\"subtasks\":[" + "{},".repeat(400_000) + "{}]}";
    Reply reply = importRows("/tasks/import?dryRun=true", NDJSON, "{\"title\":\"fine\"}\n" + wide + "\n");

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.map()).containsEntry("rows", 2).containsEntry("valid", 1).containsEntry("failed", 1);
    assertThat(report(reply)).singleElement().satisfies(entry -> {
      assertThat(entry.get("row")).isEqualTo(2);
      assertThat(entry.get("message")).isEqualTo("is " + wide.length() + " characters long, more than a line of one"
          + " record may be (1048576); send the record's values, one record on each line");
    });
  }

  @Test
  void anNdjsonLineLongerThanARecordCanBeIsNeverHeldWhole() throws Exception {
    // the line was read whole, twice (the count of the rows, then the row), before its length was judged: two dozen
    // imports of a 15 MB line at once ran a 256 MB heap out of memory, a 500 each
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] start = new long[2];
    http.on(http.taskController.events(), "onAuthorize", args -> {
      start[0] = Thread.currentThread().getId();
      start[1] = threads.getThreadAllocatedBytes(start[0]);
    });
    int length = 12 << 20;
    String wide = "{\"title\":\"" + "x".repeat(length) + "\"}";

    Reply reply = importRows("/tasks/import?dryRun=true", NDJSON, "{\"title\":\"fine\"}\r\n" + wide + "\r\n \r\n");
    long allocated = threads.getThreadAllocatedBytes(start[0]) - start[1];

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.map()).containsEntry("rows", 2).containsEntry("valid", 1).containsEntry("failed", 1);
    assertThat(report(reply)).singleElement().satisfies(entry -> {
      assertThat(entry.get("row")).isEqualTo(2);
      assertThat(entry.get("message")).asString().startsWith("is " + wide.length() + " characters long");
    });
    assertThat(allocated).as("bytes allocated by the import's thread for a line of %d characters", wide.length())
        .isLessThan(length / 2);
  }

  private static List<Object> titles() {
    return http.query("select title from http_tasks order by id").stream().map(row -> row.get("title")).toList();
  }

  @Test
  void aCsvImportCreatesEveryRowThroughTheRepositoryBatchPathChunkByChunk() {
    http.taskController.configure(Config.of(Map.of("importChunkSize", 2)));
    List<String> fired = new ArrayList<>();
    http.on(http.tasks.events(), "preCreateBatch", args -> fired.add("preCreateBatch " + args.path()));
    http.on(http.tasks.events(), "preCreate", args -> fired.add("preCreate " + args.params().get("title")));
    http.on(http.tasks.events(), "postCreateBatch", args -> fired.add("postCreateBatch"));
    http.on(http.taskController.events(), "onPreImport", args -> fired.add("onPreImport " + args.get("format") + " "
        + args.get("columns") + " rows=" + args.get("rows") + " (" + args.get("rows").getClass().getSimpleName() + ")"));
    http.on(http.taskController.events(), "onPostImport", args -> fired.add("onPostImport " + args.result()));

    Reply reply = importRows("/tasks/import", CSV,
        "title,status,priority,dueDate,estimate\r\na,OPEN,1,2030-01-31,2.50\r\nb,,,,\r\nc,DONE,3,,0.5\r\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("imported", 3).containsEntry("failed", 0).containsEntry("rows", 3);
    assertThat(titles()).containsExactly("a", "b", "c");
    assertThat(http.query("select status, priority, duedate, estimate from http_tasks where title = 'a'").get(0))
        .containsEntry("status", "OPEN").containsEntry("priority", 1)
        .containsEntry("duedate", java.sql.Date.valueOf("2030-01-31"))
        .containsEntry("estimate", new java.math.BigDecimal("2.50"));
    assertThat(http.query("select status, priority from http_tasks where title = 'b'").get(0))
        .containsEntry("status", null).containsEntry("priority", null);
    // the validation pass runs every event and rolls back; the writing pass runs them again and commits
    List<String> chunks = List.of("preCreateBatch tasks.import", "preCreate a", "preCreate b", "postCreateBatch",
        "preCreateBatch tasks.import", "preCreate c", "postCreateBatch");
    List<String> expected = new ArrayList<>();
    expected.add("onPreImport csv [title, status, priority, dueDate, estimate] rows=3 (Long)");
    expected.addAll(chunks);
    expected.addAll(chunks);
    expected.add("onPostImport {dryRun=false, rows=3, imported=3, failed=0, report=[]}");
    assertThat(fired).containsExactlyElementsOf(expected);
  }

  @Test
  void onPreStoreSeesEachChunksRecordsSoThatAStoresRulesApplyToImportedRows() {
    http.taskController.configure(Config.of(Map.of("importChunkSize", 2)));
    List<Object> chunks = new ArrayList<>();
    http.on(http.taskController.events(), "onPreStore", args -> {
      chunks.add(args.action() + " import=" + args.get("import") + " " + Controller.records(args).size());
      Controller.records(args).forEach(record -> record.put("secret", "derived from " + record.get("title")));
    });

    Reply reply = importRows("/tasks/import?ignoreErrors=true", CSV, "title\r\na\r\nb\r\nc\r\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(chunks).containsExactly("import import=true 2", "import import=true 1");
    assertThat(http.query("select secret from http_tasks order by id")).extracting(row -> row.get("secret"))
        .containsExactly("derived from a", "derived from b", "derived from c");
  }

  @Test
  void aChunkEndsBeforeItsSizeOnceItsRowsHoldAMegabyteOfText() {
    // a chunk holds its rows' values at once: a few lines of a megabyte of empty objects each were millions of maps
    List<Object> chunks = new ArrayList<>();
    http.on(http.taskController.events(), "onPreStore", args -> chunks.add(Controller.records(args).size()));
    String padding = " ".repeat(600_000);
    String ndjson = "{\"title\":\"a\"" + padding + "}\n{\"title\":\"b\"" + padding + "}\n{\"title\":\"c\"}\n"
        + "{\"title\":\"d\"" + padding + "}\n";

    Reply reply = importRows("/tasks/import", NDJSON, ndjson);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(chunks).as("the validation pass, then the writing pass").containsExactly(2, 2, 2, 2);
    assertThat(titles()).containsExactly("a", "b", "c", "d");
  }

  /**
   * An import answers its report in JSON, so an {@code Accept} that admits no JSON is a 406 before the body is read,
   * as on the five actions and the custom ones, and so is a job's status: the import ran, wrote its rows and answered
   * JSON to {@code Accept: text/csv}.
   */
  @Test
  void anImportOrAJobsStatusAskedForAnotherTypeThanJsonIs406() throws InterruptedException {
    Reply refused = http.send("POST", "/tasks/import", "title\r\nunwanted\r\n", "Content-Type", CSV,
        "Accept", "text/csv");
    Reply job = http.send("POST", "/tasks/import?async=true", "title\r\nqueued\r\n", "Content-Type", CSV);
    String location = job.header("Location");
    Reply status = http.send("GET", location, null, "Accept", "text/csv");
    Reply json = http.send("GET", location, null, "Accept", "application/json");

    assertThat(refused.status()).as(refused.body()).isEqualTo(406);
    assertThat(refused.map().get("detail")).isEqualTo("Accept: text/csv admits nothing /tasks/import can answer with;"
        + " it answers application/json (application/problem+json for errors), so send Accept: application/json or none");
    assertThat(job.status()).isEqualTo(202);
    assertThat(status.status()).as(status.body()).isEqualTo(406);
    assertThat(json.status()).isEqualTo(200);
    assertThat(titles()).doesNotContain("unwanted");
    // the job ends within this test: its row written after the next test's clean-up would be counted there
    assertThat(awaitJob(location)).containsEntry("status", "succeeded");
  }

  /** A job's status has no ETag: an If-Match naming a tag is a 412 there, as on an index (it was a 200). */
  @Test
  void aJobsStatusIs412ForAnIfMatchThatNamesATag() throws InterruptedException {
    Reply job = http.send("POST", "/tasks/import?async=true", "title\r\nwatched\r\n", "Content-Type", CSV);
    String location = job.header("Location");

    Reply tagged = http.send("GET", location, null, "If-Match", "\"0\"");
    Reply any = http.send("GET", location, null, "If-Match", "*");

    assertThat(tagged.status()).as(tagged.body()).isEqualTo(412);
    assertThat(tagged.map().get("detail")).isEqualTo("the status of an import job answers no ETag, so If-Match \"0\""
        + " names none of its versions; send no If-Match, or If-Match: * (any version)");
    assertThat(any.status()).isEqualTo(200);
    assertThat(http.send("GET", "/imports/nope", null, "If-Match", "\"0\"").status()).as("an unknown job")
        .isEqualTo(404);
    // the job ends within this test: its row written after the next test's clean-up would be counted there
    assertThat(awaitJob(location)).containsEntry("status", "succeeded");
  }

  /**
   * {@code If-None-Match: *} is false wherever there is a representation (RFC 9110, 13.1.2): a job's status is a 304,
   * as a page of records is (it was a 200 with the status); a list of tags names none of its answers.
   */
  @Test
  void aJobsStatusIs304ForIfNoneMatchStar() throws InterruptedException {
    Reply job = http.send("POST", "/tasks/import?async=true", "title\r\nrevalidated\r\n", "Content-Type", CSV);
    String location = job.header("Location");

    Reply star = http.send("GET", location, null, "If-None-Match", "*");
    Reply headStar = http.send("HEAD", location, null, "If-None-Match", "*");
    Reply tags = http.send("GET", location, null, "If-None-Match", "\"0\", \"1\"");

    assertThat(star.status()).as(star.body()).isEqualTo(304);
    assertThat(star.body()).isEmpty();
    assertThat(headStar.status()).isEqualTo(304);
    assertThat(tags.status()).isEqualTo(200);
    assertThat(http.send("GET", "/imports/nope", null, "If-None-Match", "*").status()).as("an unknown job")
        .isEqualTo(404);
    assertThat(awaitJob(location)).containsEntry("status", "succeeded");
  }

  /**
   * What {@code Accept} asks for is refused before the job is looked up and before the query, as on every read
   * (docs/http.md, order of checks): a job's status with an unread parameter and {@code Accept: text/csv} was the 400
   * about the parameter, and an unknown job's the 404.
   */
  @Test
  void aJobsStatusRefusesItsAcceptBeforeItsQuery() throws InterruptedException {
    Reply job = http.send("POST", "/tasks/import?async=true", "title\r\nordered\r\n", "Content-Type", CSV);
    String location = job.header("Location");

    Reply both = http.send("GET", location + "?x=1", null, "Accept", "text/csv");
    Reply query = http.send("GET", location + "?x=1", null);

    assertThat(both.status()).as(both.body()).isEqualTo(406);
    assertThat(query.status()).as(query.body()).isEqualTo(400);
    assertThat(http.send("GET", "/imports/" + java.util.UUID.randomUUID(), null, "Accept", "text/csv").status())
        .as("an unknown job: the 406 tells nothing about the jobs").isEqualTo(406);
    assertThat(awaitJob(location)).containsEntry("status", "succeeded");
  }

  private static final String LONG_KEY = "a key is longer than 50000 characters; a key names an attribute, so send"
      + " the attribute's name";

  @Test
  void aKeyTooLongForTheJsonReaderIsSaidToBeOne() {
    // it was "the body exceeds what a JSON value may hold", of a line of less than a megabyte, then "a key is too
    // long", which said neither how long a key may be nor that a key is an attribute's name
    Reply reply = importRows("/tasks/import?dryRun=true", NDJSON, "{\"title\":\"x\",\"" + "k".repeat(60_000) + "\":1}\n");
    Reply body = http.send("POST", "/tasks", "{\"" + "k".repeat(60_000) + "\":1}", "Content-Type", "application/json");

    assertThat(report(reply)).singleElement().satisfies(entry ->
        assertThat(entry.get("message")).isEqualTo("is not valid JSON: " + LONG_KEY));
    assertThat(body.status()).isEqualTo(400);
    assertThat(body.map().get("detail")).isEqualTo("the body is not valid JSON: " + LONG_KEY);
  }

  @Test
  void aRowNestingMoreRecordsThanABodyMayIsRefusedOnItsOwnBeforeAnyOfItIsWritten() {
    // a JSON body of one task with seventy thousand subtasks is a 413; the same record as an NDJSON line of less
    // than a megabyte was imported, its subtasks created in one unit of work
    List<Object> created = new ArrayList<>();
    http.on(http.subtasks.events(), "preCreate", args -> created.add(args.params().get("title")));
    String many = "{\"title\":\"many\",\"subtasks\":[" + "{\"title\":\"s\"},".repeat(69_999) + "{\"title\":\"s\"}]}";

    Reply reply = importRows("/tasks/import?ignoreErrors=true", NDJSON, "{\"title\":\"a\"}\n" + many
        + "\n{\"title\":\"b\",\"subtasks\":[{\"title\":\"kept\"}]}\n");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("rows", 3).containsEntry("imported", 2).containsEntry("failed", 1);
    assertThat(report(reply)).singleElement().satisfies(entry -> {
      assertThat(entry.get("row")).isEqualTo(2);
      assertThat(entry.get("field")).isEqualTo("subtasks");
      assertThat(entry.get("message")).isEqualTo("tasks.import takes at most 10000 records in one row, nested records"
          + " included, and the row has 70001; send the nested records in rows of their own, at most 10000 at a time");
    });
    assertThat(titles()).containsExactly("a", "b");
    assertThat(created).as("not one of the refused row's subtasks was created").containsExactly("kept");
  }

  @Test
  void aCsvRowNestingMoreRecordsThanMaxBatchSizeIsRefusedNamingItsColumn() {
    http.taskController.configure(Config.of(Map.of("maxBatchSize", 2)));

    Reply reply = importRows("/tasks/import", CSV, "title,subtasks\r\nfine,\"[{\"\"title\"\":\"\"s\"\"}]\"\r\n"
        + "over,\"[{\"\"title\"\":\"\"s\"\"},{\"\"title\"\":\"\"t\"\"}]\"\r\n");

    assertThat(reply.status()).as(reply.body()).isEqualTo(413);
    assertThat(report(reply)).extracting(entry -> entry.get("row") + " " + entry.get("field") + " " + entry.get("message"))
        .containsExactly("3 subtasks tasks.import takes at most 2 records in one row, nested records included, and the"
            + " row has 3; send the nested records in rows of their own, at most 2 at a time");
    assertThat(http.rows("http_tasks")).isZero();
    assertThat(http.rows("http_subtasks")).isZero();
  }

  @Test
  void controlCharactersOtherThanNulAreStoredByAnImportAsByAJsonBody() throws java.io.IOException, InterruptedException {
    // a JSON body may carry any character escaped, and text columns store every one but NUL; an import stores
    // what a body would, so that what an export writes imports back
    String controls = "a\u0001\u0008\u000B\u000C\u000E\u001F\u007Fb";
    Reply stored = http.post("/tasks", "{\"title\":\"a\\u0001\\u0008\\u000b\\u000c\\u000e\\u001f\u007fb\"}");
    Reply csv = importRows("/tasks/import", CSV, "title\r\n\"" + controls + "\"\r\n");
    Reply ndjson = importRows("/tasks/import", NDJSON, "{\"title\":\"a\\u0001\\u0008\\u000b\\u000c\\u000e\\u001f"
        + "\u007fb\"}\n");

    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    assertThat(csv.status()).as(csv.body()).isEqualTo(200);
    assertThat(ndjson.status()).as(ndjson.body()).isEqualTo(200);
    assertThat(titles()).containsExactly(controls, controls, controls);
    assertThat(http.get("/tasks.csv?fields=title").body()).isEqualTo("title\r\n" + (controls + "\r\n").repeat(3));
    java.net.http.HttpResponse<byte[]> xlsx = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(http.uri("/tasks.xlsx?fields=title")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    try (org.apache.poi.xssf.usermodel.XSSFWorkbook workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
        new java.io.ByteArrayInputStream(xlsx.body()))) {
      assertThat(workbook.getSheetAt(0).getRow(1).getCell(0).getStringCellValue())
          .as("a workbook's XML cannot hold them: they are written as the format's escapes, read back as they were")
          .isEqualTo(controls);
    }
  }

  @Test
  void theNulCharacterIsRefusedByAnImportRowAsByAJsonBody() {
    Reply stored = http.post("/tasks", "{\"title\":\"a\\u0000b\"}");
    Reply csv = importRows("/tasks/import", CSV, "title\r\nfine\r\n\"a\u0000b\"\r\n");
    Reply ndjson = importRows("/tasks/import", NDJSON, "{\"title\":\"fine\"}\n{\"title\":\"a\\u0000b\"}\n");

    assertThat(stored.status()).isEqualTo(400);
    assertThat(report(csv)).extracting(entry -> entry.get("row") + " " + entry.get("field") + " " + entry.get("message"))
        .containsExactly("3 title must not contain the NUL character (\\u0000)");
    assertThat(report(ndjson)).extracting(entry -> entry.get("row") + " " + entry.get("message"))
        .containsExactly("2 is not valid JSON: a string holds the NUL character (\\u0000), which text cannot store at"
            + " column 10");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aCsvCellOfAnAssociationLongerThanARecordCanBeIsRefusedWithoutReadingItsJson() {
    // a 15 MB cell of empty objects was read into five million maps before its row was judged: a 500
    String cell = "[" + "{},".repeat(400_000) + "{}]";
    Reply reply = importRows("/tasks/import?dryRun=true", CSV, "title,subtasks\r\nx,\"" + cell + "\"\r\n");

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(report(reply)).singleElement().satisfies(entry -> {
      assertThat(entry.get("field")).isNull();
      assertThat((String) entry.get("message")).isEqualTo("is " + ("x,\"" + cell + "\"").length() + " characters long,"
          + " more than a row of one record may be (1048576); send the record's values, one record on each row");
    });
  }

  @Test
  void aCsvRowLongerThanARecordCanBeIsNeverHeldWhole() throws Exception {
    // the parser held the row whole: two dozen imports of a 15 MB cell at once ran a 256 MB heap out of memory
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] start = new long[2];
    http.on(http.taskController.events(), "onAuthorize", args -> {
      start[0] = Thread.currentThread().getId();
      start[1] = threads.getThreadAllocatedBytes(start[0]);
    });
    int length = 12 << 20;

    Reply reply = importRows("/tasks/import?dryRun=true", CSV, "title,priority\r\nfine,1\r\n\"" + "x".repeat(length)
        + "\",2\r\nafter,3\r\n");
    long allocated = threads.getThreadAllocatedBytes(start[0]) - start[1];

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.map()).containsEntry("rows", 3).containsEntry("valid", 2).containsEntry("failed", 1);
    assertThat(report(reply)).singleElement().satisfies(entry -> {
      assertThat(entry.get("row")).isEqualTo(3);
      assertThat(entry.get("message")).isEqualTo("is " + (length + 4) + " characters long, more than a row of one"
          + " record may be (1048576); send the record's values, one record on each row");
    });
    assertThat(allocated).as("bytes allocated by the import's thread for a row of %d characters", length + 4)
        .isLessThan(length);
  }

  @Test
  void badRowsAreReportedByRowNumberAndFieldAndNothingIsWritten() {
    Reply reply = importRows("/tasks/import", CSV,
        "title,priority\r\ngood,1\r\n,2\r\nbad number,abc\r\n\"multi\nline\",4\r\ntoo,many,cells\r\n");

    assertThat(reply.status()).as("the status of row 3, the first refused row, though row 6 was refused first")
        .isEqualTo(422);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    Map<String, Object> body = reply.map();
    assertThat(body.get("detail")).isEqualTo("3 of 5 rows were refused; nothing was written; fix them, or send"
        + " ignoreErrors=true to import the others");
    assertThat(body).containsEntry("failed", 3).containsEntry("imported", 0);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> report = (List<Map<String, Object>>) body.get("report");
    assertThat(report).as("in the order of the file").extracting(entry -> entry.get("row") + " " + entry.get("field"))
        .containsExactly("3 title", "4 priority", "6 null");
    assertThat(report.get(2).get("message")).isEqualTo("has 3 cells, but the header has 2 columns: title, priority");
    assertThat(String.valueOf(report.get(1).get("message"))).contains("abc");
    assertThat(http.rows("http_tasks")).isZero();
  }

  // the row's shape is said in words that read well for one cell or column as for many, the columns listed as a list
  @Test
  void aRowOfTheWrongShapeSaysItsCellsAndTheHeadersColumnsInPlainWords() {
    Reply twoColumns = importRows("/tasks/import", CSV, "title,priority\r\nalone\r\n");
    Reply oneColumn = importRows("/tasks/import", CSV, "title\r\na,b\r\n");

    assertThat(report(twoColumns)).extracting(entry -> entry.get("row") + " " + entry.get("message"))
        .containsExactly("2 has 1 cell, but the header has 2 columns: title, priority");
    assertThat(report(oneColumn)).extracting(entry -> entry.get("row") + " " + entry.get("message"))
        .containsExactly("2 has 2 cells, but the header has 1 column: title");
  }

  // bulk.md: an export imports back to the same records; a CSV export writes embedded subtasks as JSON text, which
  // the import refused ("is not valid for subtasks, which takes a list of ids or objects") though NDJSON took them
  @Test
  void aCsvExportWithEmbeddedSubtasksImportsBackAsItsNdjsonDoes() {
    long task = http.createTask("{\"title\":\"a\"}");
    long first = http.createSubtask(task, "{\"title\":\"s1\"}");
    long second = http.createSubtask(task, "{\"title\":\"s2\"}");
    String csv = http.get("/tasks.csv?fields=title,subtasks&with=subtasks").body();
    String ndjson = http.get("/tasks.ndjson?fields=title,subtasks&with=subtasks").body();
    assertThat(csv).contains("\"[{\"\"id\"\":" + first);

    Reply csvDryRun = importRows("/tasks/import?dryRun=true", CSV, csv);
    Reply ndjsonDryRun = importRows("/tasks/import?dryRun=true", NDJSON, ndjson);
    Reply imported = importRows("/tasks/import", CSV, csv);

    assertThat(csvDryRun.status()).as(csvDryRun.body()).isEqualTo(200);
    assertThat(csvDryRun.map()).isEqualTo(ndjsonDryRun.map());
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    long copy = ((Number) http.query("select max(id) as id from http_tasks").get(0).get("id")).longValue();
    assertThat(copy).isNotEqualTo(task);
    assertThat(http.query("select id, task_id from http_subtasks order by id")).extracting(row -> row.get("id") + " "
        + row.get("task_id")).as("the subtasks go to the imported task, as an NDJSON line's would")
        .containsExactly(first + " " + copy, second + " " + copy);
  }

  // the column of an association takes what the export writes there, JSON text; anything else says so by row and column
  @Test
  void aCsvCellOfAnAssociationThatIsNotItsJsonTextIsRefusedSayingWhatTheColumnTakes() {
    long task = http.createTask("{\"title\":\"a\"}");
    long subtask = http.createSubtask(task, "{\"title\":\"s\"}");

    Reply reply = importRows("/tasks/import?dryRun=true", CSV, "title,subtasks\r\nunclosed,\"[1,\"\r\nbare,\"" + subtask
        + "\"\r\nobject,\"{\"\"title\"\":\"\"x\"\"}\"\r\nboolean,[true]\r\nfine,\"[" + subtask + "]\"\r\nempty,[]\r\n");

    String takes = "; expected JSON text of a list of ids or objects, as an export with=subtasks writes it, such as [7, 8]"
        + " or [{\"id\": 7}]";
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(report(reply)).extracting(entry -> entry.get("row") + " " + entry.get("field") + " " + entry.get("message"))
        .containsExactly(
            "2 subtasks '[1,' is not JSON text: the text ends before the JSON value is complete (an object, array or"
                + " string is not closed) at column 4" + takes,
            "3 subtasks '" + subtask + "' is not a list" + takes,
            "4 subtasks '{\"title\":\"x\"}' is not a list" + takes,
            "5 subtasks[0] must be an id (a number or a string) or an object, not the boolean true");
  }

  @Test
  void anImportWhoseEveryRowIsRefusedDoesNotSuggestIgnoreErrors() {
    Reply reply = importRows("/tasks/import", CSV, "title,priority\r\n,1\r\nbad,abc\r\n");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.map().get("detail")).isEqualTo("2 of 2 rows were refused; nothing was written; no row would be left"
        + " to import with ignoreErrors=true; fix them and send the file again");
    assertThat(reply.map()).containsEntry("failed", 2).containsEntry("imported", 0);
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void ignoreErrorsKeepsTheGoodRowsAndReportsTheOthers() {
    Reply reply = importRows("/tasks/import?ignoreErrors=true", CSV, "title,priority\r\ngood,1\r\n,2\r\nalso good,3\r\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("imported", 2).containsEntry("failed", 1);
    assertThat(report(reply)).extracting(entry -> entry.get("row") + " " + entry.get("field")).containsExactly("3 title");
    assertThat(titles()).containsExactly("good", "also good");
  }

  // bulk.md: each chunk is committed as it is written, and onPostImport fires after the last one; a veto there
  // cannot take the rows back, so the answer must not read as if nothing had been imported
  @Test
  void aVetoInOnPostImportIsAnsweredWithTheReportOfTheRowsThatStayWritten() {
    http.taskController.configure(Config.of(Map.of("importChunkSize", 1)));
    List<Object> errors = new ArrayList<>();
    http.on(http.taskController.events(), "onPostImport", args -> {
      throw new Veto(409, "the import window is closed");
    });
    http.on(http.taskController.events(), "onError", args -> errors.add(ControllerTier.exception(args).getMessage()));

    Reply reply = importRows("/tasks/import", CSV, "title\r\na\r\nb\r\n");
    Reply dryRun = importRows("/tasks/import?dryRun=true", CSV, "title\r\nc\r\n");

    assertThat(titles()).containsExactly("a", "b");
    assertThat(errors).containsExactly("the import window is closed", "the import window is closed");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.map()).containsEntry("message", "the import window is closed")
        .containsEntry("detail", "the import window is closed; the 2 imported rows stay written: each chunk was"
            + " committed before onPostImport ran")
        .containsEntry("dryRun", false).containsEntry("rows", 2).containsEntry("imported", 2).containsEntry("failed", 0);
    assertThat(dryRun.status()).isEqualTo(409);
    assertThat(dryRun.map()).containsEntry("detail", "the import window is closed").doesNotContainKey("imported");
  }

  @Test
  void aDryRunRunsTheEventsAndWritesNothing() {
    List<Object> seen = new ArrayList<>();
    http.on(http.tasks.events(), "verifyCreate", args -> seen.add(args.params().get("title") + " dryRun=" + args.get("dryRun")));

    Reply reply = importRows("/tasks/import?dryRun=true", NDJSON, "{\"title\":\"a\"}\n\n{\"title\":\"b\",\"priority\":2}\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("dryRun", true).containsEntry("valid", 2).containsEntry("failed", 0)
        .doesNotContainKey("imported");
    assertThat(seen).containsExactly("a dryRun=true", "b dryRun=true");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void theValidationPassRunsTheEventsWithDryRunAndTheWritingPassAgainWithout() {
    List<Object> seen = new ArrayList<>();
    http.on(http.taskController.events(), "onPreStore", args -> seen.add("onPreStore dryRun=" + args.get("dryRun")));
    http.on(http.tasks.events(), "postCreate", args -> seen.add(args.params().get("title") + " dryRun=" + args.get("dryRun")));

    Reply reply = importRows("/tasks/import", NDJSON, "{\"title\":\"a\"}\n{\"title\":\"b\"}\n");

    assertThat(reply.status()).isEqualTo(200);
    // a handler doing work outside the database (a mail) does it once, in the pass whose args say dryRun=false
    assertThat(seen).containsExactly("onPreStore dryRun=true", "a dryRun=true", "b dryRun=true",
        "onPreStore dryRun=false", "a dryRun=false", "b dryRun=false");
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void aDryRunWithBadRowsAnswersTheReportAndWritesNothing() {
    Reply reply = importRows("/tasks/import?dryRun=true", NDJSON,
        "{\"title\":\"a\"}\n[1]\n{\"title\":\"b\",\"priority\":\"high\"}\n{\"title\":\"c\",\"secret\":\"x\"}\n{\"title\":\"d\"\n");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.map().get("detail")).isEqualTo("4 of 5 rows were refused; nothing was written (a dry run writes nothing)");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> report = (List<Map<String, Object>>) reply.map().get("report");
    assertThat(report).extracting(entry -> entry.get("row") + " " + entry.get("field")).containsExactly(
        "2 null", "3 priority", "4 secret", "5 null");
    assertThat(report.get(0).get("message")).isEqualTo("is an array; each line must be one JSON object");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aVetoMidImportRollsEverythingBackWithoutIgnoreErrors() {
    http.taskController.configure(Config.of(Map.of("importChunkSize", 2)));
    http.on(http.tasks.events(), "postCreate", args -> {
      if ("boom".equals(((Task) args.lastResult()).title)) {
        throw new Veto(409, "boom is not welcome");
      }
    });

    Reply reply = importRows("/tasks/import", CSV, "title\r\na\r\nb\r\nboom\r\nc\r\n");

    assertThat(reply.status()).isEqualTo(409);
    // the chunk of rows 4-5 was refused as a whole; run again row by row, the report names the row
    assertThat(report(reply)).extracting(entry -> entry.get("row") + " " + entry.get("message"))
        .containsExactly("4 boom is not welcome");
    assertThat(reply.map()).containsEntry("rows", 4).containsEntry("imported", 0).containsEntry("failed", 1);
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void withIgnoreErrorsAVetoOfAWholeChunkRunsItsRowsOneByOneAndKeepsTheOthers() {
    http.taskController.configure(Config.of(Map.of("importChunkSize", 2)));
    http.on(http.tasks.events(), "postCreate", args -> {
      if ("boom".equals(((Task) args.lastResult()).title)) {
        throw new Veto(409, "boom is not welcome");
      }
    });

    Reply reply = importRows("/tasks/import?ignoreErrors=true", CSV, "title\r\na\r\nb\r\nboom\r\nc\r\nd\r\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("rows", 5).containsEntry("imported", 4).containsEntry("failed", 1);
    assertThat(report(reply)).extracting(entry -> entry.get("row") + " " + entry.get("message"))
        .containsExactly("4 boom is not welcome");
    assertThat(titles()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aChunkThatRunsAgainGetsItsRowsAsReadNotAsTheHandlersLeftThem() {
    http.taskController.configure(Config.of(Map.of("importChunkSize", 2)));
    http.on(http.tasks.events(), "preCreate", args -> args.params().put("title", args.params().get("title") + "!"));
    http.on(http.tasks.events(), "postCreate", args -> {
      if ("boom!".equals(((Task) args.lastResult()).title)) {
        throw new Veto(409, "boom is not welcome");
      }
    });

    Reply reply = importRows("/tasks/import?ignoreErrors=true", CSV, "title,priority\r\na,1\r\nb,2\r\nboom,3\r\nc,4\r\n");

    // the chunk of rows 4-5 ran again row by row, each row with the title it was read with
    assertThat(reply.map()).containsEntry("imported", 3).containsEntry("failed", 1);
    assertThat(titles()).containsExactly("a!", "b!", "c!");
    assertThat(http.query("select priority from http_tasks where title = 'c!'").get(0)).containsEntry("priority", 4);
  }

  @Test
  void aRowWhoseNestedRecordIsRefusedIsReportedWithItsFieldAndTheCountsAddUp() {
    http.on(http.subtasks.events(), "validateCreate", args -> {
      if ("".equals(args.params().get("title"))) {
        throw dev.scribe.core.Veto.builder().status(422).message("validation failed").field("title", "must not be blank")
            .build();
      }
    });
    Reply reply = importRows("/tasks/import?dryRun=true", "application/x-ndjson",
        "{\"title\":\"fine\"}\n{\"title\":\"nested\",\"subtasks\":[{\"title\":\"\"}]}\n");
    Reply kept = importRows("/tasks/import?ignoreErrors=true", "application/x-ndjson",
        "{\"title\":\"fine\"}\n{\"title\":\"nested\",\"subtasks\":[{\"title\":\"\"}]}\n");
    Reply allRefused = importRows("/tasks/import?ignoreErrors=true", CSV, "title\r\n\" \"\r\n");

    assertThat(reply.map()).containsEntry("rows", 2).containsEntry("valid", 1).containsEntry("failed", 1);
    assertThat(report(reply)).singleElement().satisfies(entry -> {
      assertThat(entry.get("row")).isEqualTo(2);
      assertThat(entry.get("field")).as("the subtask's title, not the task's").isEqualTo("subtasks[0].title");
    });
    assertThat(kept.map()).containsEntry("imported", 1).containsEntry("failed", 1);
    assertThat(titles()).containsExactly("fine");
    assertThat((String) allRefused.map().get("detail")).endsWith("no row was left to import; fix them and send the file again");
  }

  @Test
  void aColumnNameWithAnInvisibleCharacterIsShownWithItEscaped() {
    // a file saved twice with a byte order mark: the parser skips the first, the second starts the name
    Reply twoMarks = importRows("/tasks/import", CSV, "\uFEFF\uFEFFtitle,\u200Bpriority\r\na,1\r\n");

    // before, the message read "... not attributes of task: title, priority", the two names as the client wrote them
    assertThat(twoMarks.status()).isEqualTo(400);
    assertThat(twoMarks.map().get("detail")).isEqualTo("the CSV header names columns that are not attributes of task:"
        + " \\uFEFFtitle, \\u200Bpriority; the columns an import may have are title, status, priority, dueDate, estimate,"
        + " counter, subtasks");
    assertThat(twoMarks.map().get("errors")).isEqualTo(Map.of("\\uFEFFtitle", List.of("is not an attribute of task"),
        "\\u200Bpriority", List.of("is not an attribute of task")));
  }

  @Test
  void unknownAndGuardedColumnsAreA400NamingThemBeforeAnyEvent() {
    List<Object> fired = new ArrayList<>();
    http.on(http.taskController.events(), "onPreImport", fired::add);

    Reply unknown = importRows("/tasks/import", CSV, "title,colour,size\r\na,red,3\r\n");
    Reply guarded = importRows("/tasks/import", CSV, "title,secret,id\r\na,x,3\r\n");

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.map().get("detail")).isEqualTo("the CSV header names columns that are not attributes of task:"
        + " colour, size; the columns an import may have are title, status, priority, dueDate, estimate, counter, subtasks");
    assertThat(unknown.map().get("errors")).isEqualTo(Map.of("colour", List.of("is not an attribute of task"),
        "size", List.of("is not an attribute of task")));
    assertThat(guarded.status()).isEqualTo(400);
    assertThat(((Map<?, ?>) guarded.map().get("errors")).keySet().stream().map(String::valueOf).toList()).containsExactly("secret", "id");
    assertThat(fired).isEmpty();
  }

  @Test
  void aHeaderOfManyUnknownOrLongColumnsIsNotEchoedBackWhole() {
    StringBuilder header = new StringBuilder("title");
    StringBuilder row = new StringBuilder("a");
    for (int i = 0; i < 5000; i++) {
      header.append(",unknown").append(i);
      row.append(",x");
    }
    String longName = "k".repeat(100_000);

    Reply many = importRows("/tasks/import", CSV, header + "\r\n" + row + "\r\n");
    Reply oneLong = importRows("/tasks/import", CSV, "title," + longName + "\r\na,b\r\n");
    Reply twice = importRows("/tasks/import", CSV, longName + "," + longName + "\r\na,b\r\n");

    assertThat(many.status()).isEqualTo(400);
    assertThat(many.map().get("detail")).asString().startsWith("the CSV header names columns that are not attributes of"
        + " task: unknown0, unknown1,").contains("unknown19 and 4980 more; the columns an import may have are title,");
    assertThat((Map<?, ?>) many.map().get("errors")).hasSize(20);
    assertThat(many.body().length()).isLessThan(5000);
    assertThat(oneLong.status()).isEqualTo(400);
    assertThat(oneLong.map().get("detail")).asString().contains(": " + "k".repeat(100) + "...; the columns");
    assertThat(oneLong.body().length()).isLessThan(2000);
    assertThat(twice.map().get("detail")).isEqualTo("the CSV header names the column '" + "k".repeat(100) + "...' twice");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anImportLargerThanTheLimitRunsAsAJobWhoseStatusIsReadAtItsLocation() throws Exception {
    http.taskController.configure(Config.of(Map.of("importAsyncRows", 2, "importChunkSize", 2)));
    StringBuilder csv = new StringBuilder("title\r\n");
    for (int i = 0; i < 5; i++) {
      csv.append("t").append(i).append("\r\n");
    }

    Reply accepted = importRows("/tasks/import", CSV, csv.toString());

    assertThat(accepted.status()).isEqualTo(202);
    String location = accepted.header("Location");
    assertThat(location).startsWith("/imports/");
    assertThat(accepted.map()).containsEntry("resource", "tasks").containsEntry("rows", 5);
    Map<String, Object> job = awaitJob(location);
    assertThat(job).containsEntry("status", "succeeded").containsEntry("imported", 5).containsEntry("failed", 0)
        .containsEntry("progress", 1.0).containsEntry("httpStatus", 200);
    assertThat(http.rows("http_tasks")).isEqualTo(5);
    assertThat(http.get("/imports/nosuch").status()).isEqualTo(404);
    // the id is a UUID, whose hex digits are read in either case (RFC 9562); before, its upper case was a 404
    Reply upper = http.get("/imports/" + location.substring("/imports/".length()).toUpperCase(java.util.Locale.ROOT));
    assertThat(upper.status()).as(upper.body()).isEqualTo(200);
    assertThat(upper.map()).containsEntry("status", "succeeded");
    Reply delete = http.delete(location);
    assertThat(delete.status()).isEqualTo(405);
    assertThat(delete.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(delete.map().get("detail")).isEqualTo("DELETE is not supported on " + location
        + ", the status of an import job; use GET");
    assertThat(http.send("OPTIONS", location, null).header("Allow")).isEqualTo("GET, HEAD");
    assertThat(awaitJob(location)).containsEntry("status", "succeeded");
  }

  @Test
  void anAsyncJobWithBadRowsFailsWithItsReportAndWritesNothing() throws Exception {
    Reply accepted = importRows("/tasks/import?async=true", NDJSON, "{\"title\":\"a\"}\n{\"title\":\"\"}\n");

    assertThat(accepted.status()).isEqualTo(202);
    Map<String, Object> job = awaitJob(accepted.header("Location"));
    assertThat(job).containsEntry("status", "failed").containsEntry("httpStatus", 422).containsEntry("failed", 1);
    assertThat(job.get("report").toString()).contains("row=2, field=title");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void atMostSixteenJobsWaitForTheRunningOneAndTheNextIsA503() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    http.on(http.tasks.events(), "preCreate", args -> {
      if ("hold".equals(args.params().get("title"))) {
        running.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    List<String> jobs = new ArrayList<>();
    Reply refused;
    try {
      Reply held = importRows("/tasks/import?async=true&dryRun=true", NDJSON, "{\"title\":\"hold\"}\n");
      assertThat(held.status()).isEqualTo(202);
      jobs.add(held.header("Location"));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 16; i++) {
        Reply waiting = importRows("/tasks/import?async=true", NDJSON, "{\"title\":\"w" + i + "\"}\n");
        assertThat(waiting.status()).isEqualTo(202);
        jobs.add(waiting.header("Location"));
      }

      refused = importRows("/tasks/import?async=true", NDJSON, "{\"title\":\"late\"}\n");
    } finally {
      release.countDown();
    }

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.header("Retry-After")).isEqualTo("30");
    assertThat(refused.map().get("detail")).isEqualTo("tasks.import: 16 import jobs are already waiting for the one"
        + " running, as many as may wait (ImportJobLimits maxWaiting); retry in 30 s, or send a smaller file without async=true");
    for (String location : jobs) {
      assertThat(awaitJob(location)).containsEntry("status", "succeeded");
    }
    assertThat(http.rows("http_tasks")).isEqualTo(16);
    // the queue drained: a job is taken again
    Reply later = importRows("/tasks/import?async=true", NDJSON, "{\"title\":\"later\"}\n");
    assertThat(later.status()).isEqualTo(202);
    assertThat(awaitJob(later.header("Location"))).containsEntry("status", "succeeded");
  }

  @Test
  void theBodyLimitIsA413AndOtherContentTypesA415() {
    http.taskController.configure(Config.of(Map.of("maxImportBytes", 20)));

    Reply large = importRows("/tasks/import", CSV, "title\r\n" + "x\r\n".repeat(20));
    Reply json = importRows("/tasks/import", "application/json", "[{\"title\":\"a\"}]");

    assertThat(large.status()).isEqualTo(413);
    assertThat(large.map().get("detail").toString()).contains("takes at most 20 bytes (option maxImportBytes)");
    assertThat(json.status()).isEqualTo(415);
    assertThat(json.header("Accept-Post")).isEqualTo("text/csv, application/x-ndjson");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anImportWithoutAContentTypeIsA415ThatNamesTheTypesToSend() throws java.io.IOException {
    // the message's check for a workbook read the missing header: a NullPointerException and a 500
    Reply empty = http.send("POST", "/tasks/import", null);
    RawHttp.Response rows = RawHttp.exchange(http.server.port(), "POST /tasks/import HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Length: 8\r\nConnection: close\r\n\r\ntitle\r\na\n");

    String detail = "tasks.import got no Content-Type; send the rows as text/csv, application/x-ndjson";
    assertThat(empty.status()).as(empty.body()).isEqualTo(415);
    assertThat(empty.header("Accept-Post")).isEqualTo("text/csv, application/x-ndjson");
    assertThat(empty.map().get("detail")).isEqualTo(detail);
    assertThat(rows.status()).as(rows.body()).isEqualTo(415);
    assertThat(rows.header("Accept-Post")).isEqualTo("text/csv, application/x-ndjson");
    assertThat(rows.problem().get("detail")).isEqualTo(detail);
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anImportLargerThanTheApplicationsBodyLimitIsReadFromItsOwnLimit() {
    http.taskController.configure(Config.of(Map.of("importAsyncRows", 5000)));
    String padding = " ".repeat(1000);
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 1100; i++) {
      ndjson.append("{\"title\":\"t").append(i).append("\"}").append(padding).append('\n');
    }
    assertThat(ndjson.length()).isGreaterThan(1 << 20);

    Reply reply = importRows("/tasks/import", NDJSON, ndjson.toString());

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(http.rows("http_tasks")).isEqualTo(1100);
  }

  @Test
  void theImportUrlTakesOnlyPost() {
    Reply get = http.get("/tasks/import");
    importRows("/tasks/import", CSV, "title\r\na\r\n");
    Reply put = http.send("PUT", "/tasks/import", "{\"title\":\"x\"}");
    Reply options = http.send("OPTIONS", "/tasks/import", null);

    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).isEqualTo("POST");
    assertThat(get.map().get("detail")).isEqualTo("GET is not supported on /tasks/import; an import is a POST of the rows"
        + " as text/csv or application/x-ndjson");
    assertThat(put.status()).isEqualTo(405);
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("POST");
    assertThat(http.query("select title from http_tasks")).extracting(row -> row.get("title")).containsExactly("a");
  }

  /**
   * RFC 4180 registers {@code header=present|absent} for text/csv. An import names its columns by the header row, so
   * a file that says it has none is refused before it is read: its first row was taken for the header.
   */
  @Test
  void aCsvThatSaysItHasNoHeaderRowIsRefusedNamingTheParameter() {
    for (String type : List.of(CSV + "; header=absent", CSV + ";HEADER=\"Absent\"", CSV + "; header=present; header=absent",
        "application/vnd.ms-excel; header=absent")) {
      Reply reply = importRows("/tasks/import", type, "title\r\nx\r\n");

      assertThat(reply.status()).as(type + ": " + reply.body()).isEqualTo(415);
      assertThat(reply.header("Accept-Post")).isEqualTo("text/csv, application/x-ndjson");
      assertThat(reply.map().get("detail")).as(type).isEqualTo("tasks.import reads a CSV whose first row is a header"
          + " naming the attribute of each column, and the Content-Type says header=absent; add a header row naming the"
          + " columns and send the file as text/csv or text/csv; header=present");
    }
    Reply unknownValue = importRows("/tasks/import", CSV + "; header=Yes", "title\r\nx\r\n");
    assertThat(unknownValue.status()).isEqualTo(415);
    assertThat(unknownValue.map().get("detail")).isEqualTo("the Content-Type's header parameter is 'Yes'; RFC 4180"
        + " allows present or absent, and tasks.import reads a CSV with a header row: send text/csv or text/csv;"
        + " header=present");
    assertThat(http.rows("http_tasks")).isZero();

    // a header row said present, another parameter, or the parameter on NDJSON, whose lines name their keys, are read
    for (String type : List.of(CSV + "; header=present", CSV + "; HEADER=\"PRESENT\"", CSV + "; foo=bar",
        NDJSON + "; header=absent")) {
      Reply reply = importRows("/tasks/import", type, type.startsWith(NDJSON) ? "{\"title\":\"x\"}\n" : "title\r\nx\r\n");
      assertThat(reply.status()).as(type + ": " + reply.body()).isEqualTo(200);
      assertThat(reply.map()).as(type).containsEntry("imported", 1);
    }
  }

  @Test
  void anUnreadableFileIsA400ThatSaysWhy() {
    Reply unclosed = importRows("/tasks/import", CSV, "title\r\n\"never closed\r\n");
    Reply json = http.sendBytes("POST", "/tasks/import", new byte[0]);
    Reply notUtf8 = sendBytes("/tasks/import", CSV, "title\r\ncaf\u00e9\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Reply noRows = importRows("/tasks/import", CSV, "title\r\n");
    Reply latin1 = sendBytes("/tasks/import", CSV + "; charset=ISO-8859-1",
        "title\r\ncaf\u00e9\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Reply semicolons = importRows("/tasks/import", CSV, "title|priority\r\na|2\r\n");
    Reply unknownParameter = importRows("/tasks/import?dryrun=true", CSV, "title\r\na\r\n");

    assertThat(unclosed.status()).isEqualTo(400);
    assertThat(unclosed.map().get("detail")).isEqualTo("the CSV cannot be read: the quoted cell that starts on line 2 is"
        + " never closed; end it with a double quote, and write a double quote inside a quoted cell as two (\"\")");
    Reply textAfterQuote = importRows("/tasks/import", CSV, "title,priority\r\nfine,1\r\n\"half\" quoted,2\r\n");
    assertThat(textAfterQuote.status()).isEqualTo(400);
    assertThat(textAfterQuote.map().get("detail")).isEqualTo("the CSV cannot be read: on line 3, a quoted cell is"
        + " followed by more text before the next comma; quote the whole cell, and write a double quote inside it as two (\"\")");
    assertThat(json.status()).isEqualTo(415);
    assertThat(notUtf8.status()).isEqualTo(400);
    assertThat(notUtf8.map().get("detail")).isEqualTo("the import is not valid UTF-8 text: line 2 has the byte 0xE9"
        + " at offset 10, which UTF-8 does not allow there (a file saved as Latin-1 or Windows-1252 writes é, ü and the"
        + " like so); save the file as UTF-8");
    assertThat(noRows.map().get("detail")).isEqualTo("tasks.import got no rows after the header; send at least one record");
    assertThat(latin1.status()).as("a declared charset other than UTF-8 is refused as JSON's is").isEqualTo(415);
    assertThat(latin1.map().get("detail")).asString().startsWith("charset 'ISO-8859-1' is not supported: tasks.import"
        + " reads UTF-8 text; save the file as UTF-8");
    assertThat(semicolons.status()).isEqualTo(400);
    assertThat(semicolons.map().get("detail")).asString()
        .endsWith("the header is one column holding '|': an import's CSV separates its columns with commas,"
            + " semicolons or tabs");
    assertThat(unknownParameter.map().get("detail")).isEqualTo("tasks.import takes the query parameters dryRun,"
        + " ignoreErrors and async; 'dryrun' is not one of them");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedWithTheLineWhereItStopsBeingUtf8() {
    // before: "the import is not valid UTF-8 text" alone, however long the file and wherever the byte
    StringBuilder csv = new StringBuilder("title,priority\r");
    for (int i = 0; i < 3000; i++) {
      csv.append("row ").append(i).append(" ü,1\r"); // line ends of one CR, as old Mac files have
    }
    byte[] good = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = "Stra\u00dfe,2\r".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] body = java.util.Arrays.copyOf(good, good.length + bad.length);
    System.arraycopy(bad, 0, body, good.length, bad.length);

    Reply latin1 = sendBytes("/tasks/import?ignoreErrors=true", CSV, body);
    Reply ndjson = sendBytes("/tasks/import", NDJSON, "{\"title\":\"a\"}\n\n{\"title\":\"\u00e9t\u00e9\"}\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Reply utf16 = sendBytes("/tasks/import", CSV, "title\r\ncaf\u00e9\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));

    assertThat(latin1.status()).isEqualTo(400);
    assertThat(latin1.map().get("detail")).isEqualTo("the import is not valid UTF-8 text: line 3002 has the byte 0xDF"
        + " at offset " + (good.length + 4) + ", which UTF-8 does not allow there (a file saved as Latin-1 or"
        + " Windows-1252 writes é, ü and the like so); save the file as UTF-8");
    assertThat(ndjson.map().get("detail")).asString().startsWith("the import is not valid UTF-8 text: line 3 has the"
        + " byte 0xE9 at offset 25,");
    assertThat(utf16.status()).isEqualTo(400);
    assertThat(utf16.map().get("detail")).isEqualTo("the import is UTF-16 text (it starts with a UTF-16 byte order"
        + " mark); save the file as UTF-8");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aMalformedNdjsonLineIsReportedAtItsRowWithTheColumnInThatLine() {
    Reply reply = importRows("/tasks/import", NDJSON, "{\"title\":\"a\"}\n\n{\"title\":\"b\"\nnull\n{\"title\":\"c\",\"title\":\"d\"}\n");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.map()).containsEntry("rows", 4).containsEntry("failed", 3);
    assertThat(report(reply)).extracting(entry -> entry.get("row") + ": " + entry.get("message")).containsExactly(
        "3: is not valid JSON: the text ends before the JSON value is complete (an object, array or string is not closed)"
            + " at column 13",
        "4: is the JSON literal null; each line must be one JSON object",
        "5: is not valid JSON: the key 'title' appears twice in one object at column 21; send each key once");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aNestedImportRefusesTheRowThatNamesAnotherParent() {
    long parent = http.createTask("{\"title\":\"parent\"}");
    long other = http.createTask("{\"title\":\"other\"}");

    Reply reply = importRows("/tasks/" + parent + "/subtasks/import", NDJSON,
        "{\"title\":\"one\"}\n{\"title\":\"two\",\"task\":" + other + "}\n");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(report(reply)).extracting(entry -> entry.get("row")).containsExactly(2);
    // before, the entry named no field: the report said what was wrong but not in which column
    assertThat(report(reply).get(0)).containsEntry("field", "task").containsEntry("message", "is given by the URL ("
        + parent + "), but the body says " + other + "; leave it out of the body");
    assertThat(http.rows("http_subtasks")).isZero();
  }

  private static Reply sendBytes(String path, String type, byte[] body) {
    try {
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(http.uri(path)).header("Content-Type", type)
              .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aNestedImportWhoseParentIsDeletedOnceAcceptedStopsWithTheParents404() {
    // the parent was checked when the import was accepted, and another request deleted it before the rows were
    // written (a queued job's parent the more often): each row was a 422 "task 7 does not exist" on a field the
    // client never sent, thousands of times over, where a nested store in the same race answers the parent's 404
    http.on(http.subtaskController.events(), "onPreImport", args -> http.store.currentUnitOfWork().ifPresent(unit ->
        unit.afterCommit(() -> assertThat(http.delete("/tasks/" + args.get(ControllerTier.PARENT_ID)).status())
            .isEqualTo(204))));

    for (String query : List.of("", "?ignoreErrors=true")) {
      long parent = http.createTask("{\"title\":\"parent" + query + "\"}");
      Reply reply = importRows("/tasks/" + parent + "/subtasks/import" + query, CSV, "title\r\none\r\ntwo\r\nthree\r\n");

      assertThat(reply.status()).as(query + ": " + reply.body()).isEqualTo(404);
      assertThat(reply.map().get("detail")).as(query).isEqualTo("the import stopped at rows 2-4, which were rolled back:"
          + " task " + parent + " not found; nothing was written");
      assertThat(report(reply)).as(query).isEmpty();
    }
    assertThat(http.rows("http_subtasks")).isZero();
  }

  @Test
  void aNestedImportGivesEachRowItsParent() {
    long parent = http.createTask("{\"title\":\"parent\"}");

    Reply reply = importRows("/tasks/" + parent + "/subtasks/import", CSV, "title\r\none\r\ntwo\r\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(http.query("select title, task_id from http_subtasks order by id")).extracting(row -> row.get("title")
        + "@" + row.get("task_id")).containsExactly("one@" + parent, "two@" + parent);
  }

  @Test
  void insertableFalseDisablesTheImport() {
    http.taskController.configure(Config.of(Map.of()).override("tasks.store", Map.of("insertable", false)));

    Reply reply = importRows("/tasks/import", CSV, "title\r\na\r\n");

    assertThat(reply.status()).isEqualTo(405);
    assertThat(http.rows("http_tasks")).isZero();
  }

  /**
   * Where the import is disabled, its URL allows no method, and every answer there says so alike: the POST's 405
   * had an empty {@code Allow} while the 405 of a GET, and OPTIONS, named POST, the method just refused.
   */
  @Test
  void aDisabledImportAllowsNoMethodInAnyAnswerOfItsUrl() {
    http.taskController.configure(Config.of(Map.of()).override("tasks.store", Map.of("insertable", false)));

    Reply post = importRows("/tasks/import", CSV, "title\r\na\r\n");
    Reply get = http.get("/tasks/import");
    Reply options = http.send("OPTIONS", "/tasks/import", null);

    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEmpty();
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).isEmpty();
    assertThat(get.map()).containsEntry("detail", "GET is not supported on /tasks/import, and import is disabled on"
        + " tasks.import: it creates records, and option 'insertable' is false");
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEmpty();
    http.taskController.configure(Config.of(Map.of()).override("tasks.import", Map.of("insertable", false)));
    assertThat(http.send("OPTIONS", "/tasks/import", null).header("Allow")).as("disabled at tasks.import").isEmpty();
    assertThat(http.send("OPTIONS", "/tasks/1/subtasks/import", null).header("Allow")).isEqualTo("POST");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> report(Reply reply) {
    return (List<Map<String, Object>>) reply.map().get("report");
  }

  private static Map<String, Object> awaitJob(String location) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    Map<String, Object> job = http.get(location).map();
    while (!List.of("succeeded", "failed").contains(job.get("status")) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      job = http.get(location).map();
    }
    return job;
  }

  @Test
  void aLongImportJobIdIsCutInTheAnswer() {
    String id = "x".repeat(5000);

    Reply missing = http.get("/imports/" + id);
    Reply posted = http.post("/imports/" + id, "{}");

    // before, the 404 echoed all 5,000 characters
    assertThat(missing.status()).isEqualTo(404);
    assertThat((String) missing.map().get("detail")).startsWith("no import job " + "x".repeat(60) + "... (5000 characters);")
        .hasSizeLessThan(300);
    assertThat(posted.status()).isEqualTo(405);
    assertThat((String) posted.map().get("detail")).hasSizeLessThan(300);
  }
}
