package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.core.Config;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;
import org.apache.poi.util.TempFileCreationStrategy;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Exports of an index as CSV, NDJSON, JSON and XLSX over HTTP: formats, filters, columns, events, safety. */
class ExportTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRICKY = "Ünïcødé \"quoted\", comma;\nnew line";
  private static final String FORMULA = "=cmd|' /C calc'!A0";

  @Test
  void csvHasAHeaderAndEveryMatchingRowInSortOrder() throws IOException {
    http.createTask("{\"title\":\"b\",\"priority\":2,\"dueDate\":\"2030-01-31\",\"estimate\":2.50,\"status\":\"OPEN\"}");
    http.createTask("{\"title\":" + JSON.writeValueAsString(TRICKY) + ",\"priority\":1}");
    http.createTask("{\"title\":\"a\",\"priority\":4}");

    Reply reply = http.get("/tasks.csv?sort=-priority&size=1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/csv");
    assertThat(reply.header("Content-Disposition")).isEqualTo("attachment; filename=\"tasks.csv\"");
    List<CSVRecord> rows = csv(reply.body());
    assertThat(rows.get(0).toList()).containsExactly("id", "version", "title", "status", "priority", "dueDate",
        "estimate", "counter", "secret");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1).get(2)).isEqualTo("a");
    assertThat(rows.get(2).toList()).containsSubsequence("b", "OPEN", "2", "2030-01-31", "2.50", "0");
    assertThat(rows.get(3).get(2)).isEqualTo(TRICKY);
    assertThat(rows.get(2).get(8)).isEmpty();
  }

  /**
   * An export has no entity tag, so {@code If-None-Match: *} is false on it as on a page (RFC 9110, 13.1.2): a 304
   * without a body. The export was streamed whole with a 200, as if the condition had not been sent.
   */
  @Test
  void anExportIs304ForIfNoneMatchStarAsAPageIs() {
    http.createTask("{\"title\":\"a\"}");

    for (String url : List.of("/tasks.csv", "/tasks.ndjson", "/tasks.json", "/tasks.xlsx")) {
      Reply any = http.send("GET", url, null, "If-None-Match", "*");
      Reply tags = http.send("GET", url, null, "If-None-Match", "\"0\"");

      assertThat(any.status()).as(url + " " + any.body()).isEqualTo(304);
      assertThat(any.body()).as(url).isEmpty();
      assertThat(any.header("Content-Disposition")).as(url).isNull();
      assertThat(tags.status()).as(url).isEqualTo(200);
    }
    Reply accept = http.send("GET", "/tasks", null, "Accept", "text/csv", "If-None-Match", "*");
    assertThat(accept.status()).isEqualTo(304);
    assertThat(http.send("GET", "/tasks.csv?priority=x", null, "If-None-Match", "*").status())
        .as("a bad query is answered first").isEqualTo(400);
  }

  @Test
  void formulaLookingTextIsExportedBehindAnApostrophe() throws IOException {
    http.createTask("{\"title\":" + JSON.writeValueAsString(FORMULA) + "}");
    http.createTask("{\"title\":\"+1\"}");
    http.createTask("{\"title\":\"-2\"}");
    http.execute("update http_tasks set secret = '@SUM(A1)' where title = '+1'",
        "update http_tasks set secret = '''quoted' where title = '-2'");

    List<CSVRecord> rows = csv(http.get("/tasks.csv?sort=id&fields=title,secret").body());

    assertThat(rows.get(0).toList()).containsExactly("title", "secret");
    assertThat(rows.get(1).toList()).containsExactly("'" + FORMULA, "");
    assertThat(rows.get(2).toList()).containsExactly("'+1", "'@SUM(A1)");
    assertThat(rows.get(3).toList()).containsExactly("'-2", "''quoted");
  }

  @Test
  void acceptTextCsvExportsAndAcceptJsonStillAnswersAPage() {
    http.createTask("{\"title\":\"a\"}");

    Reply csv = http.send("GET", "/tasks", null, "Accept", "text/csv");
    Reply page = http.send("GET", "/tasks", null, "Accept", "application/json");

    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.body()).startsWith("id,version,title");
    assertThat(page.map()).containsKeys("items", "total");
  }

  @Test
  void acceptTextCsvWithHeaderAbsentExportsTheRowsWithoutAHeaderRowAndSaysSo() {
    // RFC 4180's header=absent was ignored: the export still started with a header row
    http.createTask("{\"title\":\"a\",\"priority\":2}");

    Reply absent = http.send("GET", "/tasks?fields=title,priority", null, "Accept", "text/csv; header=absent");
    Reply marked = http.send("GET", "/tasks?fields=title&bom=true", null, "Accept", "text/csv;q=0.9;HEADER=Absent");
    Reply head = http.send("HEAD", "/tasks", null, "Accept", "text/csv; header=absent");
    Reply present = http.send("GET", "/tasks?fields=title", null, "Accept", "text/csv; header=present");
    Reply suffix = http.send("GET", "/tasks.csv?fields=title", null, "Accept", "text/csv; header=absent");
    Reply empty = http.send("GET", "/tasks?fields=title&title=none", null, "Accept", "text/csv; header=absent");

    assertThat(absent.status()).isEqualTo(200);
    assertThat(absent.body()).isEqualTo("a,2\r\n");
    assertThat(absent.header("Content-Type")).isEqualTo("text/csv; charset=utf-8; header=absent");
    assertThat(marked.body()).isEqualTo("\uFEFFa\r\n");
    assertThat(head.header("Content-Type")).isEqualTo("text/csv; charset=utf-8; header=absent");
    assertThat(present.body()).isEqualTo("title\r\na\r\n");
    assertThat(present.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(suffix.body()).isEqualTo("title\r\na\r\n");
    assertThat(suffix.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.body()).isEmpty();
  }

  @Test
  void aHeaderParameterRfc4180DoesNotDefineIsA406NamingIt() {
    Reply reply = http.send("GET", "/tasks", null, "Accept", "text/csv; header=yes");

    assertThat(reply.status()).isEqualTo(406);
    assertThat(reply.map().get("detail")).isEqualTo("Accept: text/csv; header=yes asks for a CSV export whose header"
        + " parameter is 'yes'; use header=present (a header row naming the columns, as without the parameter) or"
        + " header=absent (the rows only)");
  }

  @Test
  void aCsvRangeWithAHeaderParameterRfc4180DoesNotDefineIsPassedOverForTheNextRange() {
    http.createTask("{\"title\":\"a\"}");

    Reply page = http.send("GET", "/tasks", null, "Accept", "text/csv; header=bogus, application/json");
    Reply rows = http.send("GET", "/tasks?fields=title", null, "Accept", "text/csv; header=bogus, text/csv; header=absent;q=0.5");
    Reply refused = http.send("GET", "/tasks", null, "Accept", "text/csv; header=bogus, application/xml");

    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("application/json");
    assertThat(page.map()).containsKey("items");
    assertThat(rows.status()).as(rows.toString()).isEqualTo(200);
    assertThat(rows.header("Content-Type")).isEqualTo("text/csv; charset=utf-8; header=absent");
    assertThat(rows.body()).isEqualTo("a\r\n");
    // no range left that an answer has: the 406 names the value, as for the range alone
    assertThat(refused.status()).as(refused.toString()).isEqualTo(406);
    assertThat((String) refused.map().get("detail")).contains("header parameter is 'bogus'");
  }

  @Test
  void ndjsonWritesOneObjectPerLineWithTheFiltersApplied() throws IOException {
    http.createTask("{\"title\":\"low\",\"priority\":1}");
    http.createTask("{\"title\":\"high\",\"priority\":5,\"estimate\":1.25}");

    Reply reply = http.get("/tasks.ndjson?priority[gt]=2");

    assertThat(reply.header("Content-Type")).startsWith("application/x-ndjson");
    String[] lines = reply.body().split("\n");
    assertThat(lines).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> row = JSON.readValue(lines[0], Map.class);
    assertThat(row).containsEntry("title", "high").containsEntry("priority", 5).containsEntry("estimate", 1.25);
  }

  @Test
  void ndjsonLinesAreExactlyOneObjectEachWithNothingBetween() {
    http.createTask("{\"title\":\"first\"}");
    http.createTask("{\"title\":\"second\"}");
    http.createTask("{\"title\":\"third\"}");

    String body = http.get("/tasks.ndjson?sort=id&fields=title").body();

    assertThat(body).isEqualTo("{\"title\":\"first\"}\n{\"title\":\"second\"}\n{\"title\":\"third\"}\n");
  }

  @Test
  void jsonIsOneArrayOfEveryRecordBeyondOnePage() throws IOException {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 130; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"title\":\"t").append(i).append("\"}");
    }
    http.post("/tasks", batch.append("]").toString());
    http.tasks.configure(Config.of(Map.of("scrollFetchSize", 25)));
    try {
      Reply reply = http.get("/tasks.json?sort=id");

      List<?> rows = JSON.readValue(reply.body(), List.class);
      assertThat(rows).hasSize(130);
      assertThat(((Map<?, ?>) rows.get(129)).get("title")).isEqualTo("t129");
    } finally {
      http.tasks.configure(Config.empty());
    }
  }

  @Test
  void bomTrueStartsACsvExportWithAByteOrderMarkThatTheImportSkips() throws Exception {
    // Excel reads a CSV without a byte order mark in the machine's code page: Ünïcødé showed as ÃœnÃ¯cÃ¸dÃ©
    http.createTask("{\"title\":\"Ünïcødé\",\"priority\":2}");

    HttpResponse<byte[]> marked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        http.uri("/tasks.csv?bom=true&fields=title,priority")).build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        http.uri("/tasks.csv?bom=false&fields=title,priority")).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(marked.statusCode()).isEqualTo(200);
    assertThat(new String(marked.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("\uFEFFtitle,priority\r\nÜnïcødé,2\r\n");
    assertThat(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("title,priority\r\nÜnïcødé,2\r\n");
    assertThat(http.get("/tasks.csv?bom=yes").map().get("detail"))
        .isEqualTo("'bom' must be true or false, not 'yes'");
    assertThat(http.get("/tasks.ndjson?bom=true").map().get("detail"))
        .isEqualTo("bom=true asks for a byte order mark before a CSV export; tasks.export as ndjson has none");

    http.execute("delete from http_tasks");
    Reply csv = http.send("POST", "/tasks/import", new String(marked.body(), java.nio.charset.StandardCharsets.UTF_8),
        "Content-Type", "text/csv");
    assertThat(csv.status()).as(csv.body()).isEqualTo(200);
    assertThat(http.query("select title from http_tasks").get(0).get("title")).isEqualTo("Ünïcødé");
  }

  @Test
  void xlsxHasTypedCellsAndTextFormulasStayText() throws Exception {
    http.createTask("{\"title\":" + JSON.writeValueAsString(FORMULA) + ",\"priority\":2,\"estimate\":3.5}");

    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(http.uri("/tasks.xlsx")).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
      Sheet sheet = workbook.getSheetAt(0);
      Row header = sheet.getRow(0);
      Row row = sheet.getRow(1);
      assertThat(header.getCell(2).getStringCellValue()).isEqualTo("title");
      assertThat(row.getCell(2).getCellType()).isEqualTo(CellType.STRING);
      assertThat(row.getCell(2).getStringCellValue()).isEqualTo("'" + FORMULA);
      assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(2.0);
      assertThat(row.getCell(6).getNumericCellValue()).isEqualTo(3.5);
      assertThat(sheet.getLastRowNum()).isEqualTo(1);
    }
  }

  @Test
  void aWeightOutsideZeroToOneCountsAsItsNearestBound() {
    http.createTask("{\"title\":\"a\"}");

    // RFC 9110 (12.4.2) weighs from 0 to 1: q=2 outranked the JSON listed first at q=1, and the index answered CSV
    assertThat(http.send("GET", "/tasks", null, "Accept", "application/json, text/csv;q=2").header("Content-Type"))
        .startsWith("application/json");
    assertThat(http.send("GET", "/tasks", null, "Accept", "application/json;q=0.9, text/csv;q=1.5").header("Content-Type"))
        .startsWith("text/csv");
    assertThat(http.send("GET", "/tasks", null, "Accept", "text/csv;q=-1").status()).isEqualTo(406);
  }

  @Test
  void acceptWeighsJsonAgainstTheExportFormatsAndHeadAnswersTheHeadersOfAGet() throws Exception {
    http.createTask("{\"title\":\"a\"}");

    assertThat(http.send("GET", "/tasks", null, "Accept", "text/csv;q=0").status()).isEqualTo(406); // nothing is acceptable
    assertThat(http.send("GET", "/tasks", null, "Accept", "text/csv;q=0.5, application/json").header("Content-Type"))
        .startsWith("application/json");
    assertThat(http.send("GET", "/tasks", null, "Accept", "application/json, text/csv").header("Content-Type"))
        .startsWith("application/json");
    assertThat(http.send("GET", "/tasks", null, "Accept", "text/*").header("Content-Type")).startsWith("text/csv");
    assertThat(http.send("GET", "/tasks", null, "Accept", "text/*;q=0.5, */*").header("Content-Type"))
        .startsWith("application/json");
    Reply csv = http.send("GET", "/tasks", null, "Accept", "application/json;q=0.5, text/csv");
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.header("Vary")).isEqualTo("Accept");
    assertThat(http.get("/tasks").header("Vary")).isEqualTo("Accept");

    HttpResponse<byte[]> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.uri("/tasks.csv"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void xlsxCutsTextLongerThanACellHoldsWhereCsvKeepsItWhole() throws Exception {
    http.createTask("{\"title\":\"long\"}");
    String longText = "\uD83D\uDE00" + "x".repeat(40_000);
    http.on(http.taskController.events(), "onPreExport",
        args -> ExportColumn.of(args).add(ExportColumn.computed("essay", (row, task) -> longText)));

    HttpResponse<byte[]> xlsx = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(http.uri("/tasks.xlsx")).build(), HttpResponse.BodyHandlers.ofByteArray());
    Reply csv = http.get("/tasks.csv");

    assertThat(xlsx.statusCode()).isEqualTo(200);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      Row row = workbook.getSheetAt(0).getRow(1);
      String cell = row.getCell(row.getLastCellNum() - 1).getStringCellValue();
      assertThat(cell).hasSize(32_767).isEqualTo(longText.substring(0, 32_767));
    }
    assertThat(csv.body()).contains(longText);
  }

  @Test
  void xlsxKeepsControlCharactersAndTextThatReadsAsAnEscape() throws Exception {
    // POI wrote ? for each character XML does not allow, and _x0041_ was read back as A
    String title = "bell\u0007 unit\u001f tab\tline\nend \uFFFE _x0041_ _x00zz_ \uD83D\uDE00";
    http.createTask("{\"title\":" + JSON.writeValueAsString(title) + "}");
    String controls = "\u0001".repeat(5_000);
    http.on(http.taskController.events(), "onPreExport",
        args -> ExportColumn.of(args).add(ExportColumn.computed("controls", (row, task) -> controls)));

    HttpResponse<byte[]> xlsx = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(http.uri("/tasks.xlsx")).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(xlsx.statusCode()).isEqualTo(200);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      Row row = workbook.getSheetAt(0).getRow(1);
      assertThat(row.getCell(2).getStringCellValue()).isEqualTo(title);
      // each escape takes 7 of the 32,767 characters a cell holds; the cut never falls inside one
      assertThat(row.getCell(row.getLastCellNum() - 1).getStringCellValue()).isEqualTo("\u0001".repeat(32_767 / 7));
    }
  }

  @Test
  void onPreExportMayRenameDropAndAddColumnsAndOnPostExportSeesTheCount() {
    http.createTask("{\"title\":\"a\"}");
    List<Object> counts = new ArrayList<>();
    http.on(http.taskController.events(), "onPreExport", args -> {
      List<ExportColumn> columns = ExportColumn.of(args);
      columns.removeIf(column -> !List.of("id", "title").contains(column.header()));
      columns.replaceAll(column -> column.header().equals("title") ? column.renamed("name") : column);
      columns.add(ExportColumn.computed("shout", (row, task) -> String.valueOf(row.get("title")).toUpperCase()));
    });
    http.on(http.taskController.events(), "onPostExport", args -> counts.add(args.get("count") + ":" + args.action()));

    Reply reply = http.get("/tasks.csv");

    assertThat(csv(reply.body()).get(0).toList()).containsExactly("id", "name", "shout");
    assertThat(csv(reply.body()).get(1).toList()).endsWith("a", "A");
    assertThat(counts).containsExactly("1:export");
  }

  @Test
  void aColumnAHandlerAddsIsInTheHeaderOfAnEmptyExportExactlyWhenARowWouldShowIt() {
    http.createTask("{\"title\":\"a\",\"priority\":3}");
    http.on(http.taskController.events(), "onPreExport", args -> ExportColumn.of(args).add(ExportColumn.attribute("priority")));

    Reply some = http.get("/tasks.csv?fields=id,title");
    Reply none = http.get("/tasks.csv?fields=id,title&title=nothing");

    assertThat(csv(some.body()).get(0).toList()).containsExactly("id", "title");
    assertThat(none.body()).isEqualTo("id,title\r\n");
  }

  @Test
  void aColumnThatIsNoExportColumnOrNamesNoAttributeIsTheHandlersErrorBeforeAnyRow() {
    http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.events(), "onPreExport", args -> {
      @SuppressWarnings({"unchecked", "rawtypes"})
      List<Object> raw = (List) ExportColumn.of(args);
      raw.add("priority");
    });

    Reply reply = http.get("/tasks.csv");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body()).doesNotContain("ClassCastException");
    http.reset();
    http.createTask("{\"title\":\"b\"}");
    http.on(http.taskController.events(), "onPreExport", args -> ExportColumn.of(args).add(ExportColumn.attribute("nope")));
    assertThat(http.get("/tasks.csv").status()).isEqualTo(500);
  }

  @Test
  void anEmptyExportStillHasItsHeader() {
    Reply reply = http.get("/tasks.csv?fields=id,title");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("id,title\r\n");
  }

  @Test
  void aBadFilterIsA400BeforeAnyRowIsSent() {
    Reply reply = http.get("/tasks.csv?nosuch=1");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.body()).contains("nosuch");
  }

  @Test
  void aNestedCollectionExportsTheParentsChildrenOnly() {
    long one = http.createTask("{\"title\":\"one\"}");
    long two = http.createTask("{\"title\":\"two\"}");
    http.createSubtask(one, "{\"title\":\"mine\"}");
    http.createSubtask(two, "{\"title\":\"other\"}");

    List<CSVRecord> rows = csv(http.get("/tasks/" + one + "/subtasks.csv?fields=title").body());

    assertThat(rows).extracting(row -> row.get(0)).containsExactly("title", "mine");
  }

  @Test
  void anExportUrlTakesOnlyGetAndHeadAndSaysSoToOtherMethods() {
    long parent = http.createTask("{\"title\":\"kept\"}");

    Reply post = http.post("/tasks.csv", "{\"title\":\"x\"}");
    Reply delete = http.delete("/tasks.ndjson");
    Reply nested = http.send("PUT", "/tasks/" + parent + "/subtasks.xlsx", "{\"title\":\"x\"}");
    Reply options = http.send("OPTIONS", "/tasks.json", null);
    Reply unknown = http.post("/nosuch.csv", "{}");

    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(post.map().get("detail")).isEqualTo("POST is not supported on /tasks.csv, an export of tasks as csv; use GET");
    assertThat(delete.status()).isEqualTo(405);
    assertThat(nested.status()).isEqualTo(405);
    assertThat(nested.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(http.query("select title from http_tasks")).extracting(row -> row.get("title")).containsExactly("kept");
  }

  @Test
  void anXlsxExportWhoseTemporaryFileCannotBeWrittenIs507Or503WithRetryAfterNotA500(@TempDir Path temp) throws Exception {
    http.createTask("{\"title\":\"a\"}");
    Path notADirectory = Files.writeString(temp.resolve("not-a-directory"), "a file where the workbook's files go");
    Path fullDevice = Path.of("/dev/full");
    try {
      TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy(notADirectory.resolve("poifiles").toFile()));
      Reply unwritable = http.get("/tasks.xlsx");
      assertThat(unwritable.status()).as(unwritable.body()).isEqualTo(503);
      assertThat(unwritable.header("Retry-After")).isEqualTo("30");
      assertThat(unwritable.header("Content-Type")).startsWith("application/problem+json");
      assertThat(unwritable.body()).contains("tasks.export could not spool the workbook to a temporary file")
          .contains("nothing was sent");

      if (Files.isWritable(fullDevice)) {
        // a temporary file on a device that is always full: every write fails with "No space left on device"
        TempFile.setTempFileCreationStrategy(new TempFileCreationStrategy() {
          @Override
          public File createTempFile(String prefix, String suffix) throws IOException {
            Path link = temp.resolve(prefix + System.nanoTime() + suffix);
            return Files.createSymbolicLink(link, fullDevice).toFile();
          }

          @Override
          public File createTempDirectory(String prefix) throws IOException {
            return Files.createTempDirectory(temp, prefix).toFile();
          }
        });
        Reply full = http.get("/tasks.xlsx");
        assertThat(full.status()).as(full.body()).isEqualTo(507);
        assertThat(full.header("Retry-After")).isEqualTo("30");
        assertThat(full.body()).contains("the server is out of space").contains("nothing was sent");
      }
    } finally {
      TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy());
    }
    assertThat(http.get("/tasks.xlsx").status()).isEqualTo(200);
  }

  @Test
  void anUnknownSuffixIsNotAnExport() {
    assertThat(http.get("/tasks.pdf").status()).isEqualTo(404);
  }

  static List<CSVRecord> csv(String body) {
    try {
      return CSVFormat.RFC4180.parse(new StringReader(body)).getRecords();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
