package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.fixture.Sample;
import dev.scribe.controller.fixture.SampleRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
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
 * CSV files as spreadsheets and scripts write them, imported over HTTP: integral numbers written as decimals,
 * refusals that say what a cell may hold, empty cells, separators and headers.
 */
class SpreadsheetImportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestDatabase database;
  private static DataStore store;
  private static ScribeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("spreadsheets");
    store = database.store(Scribe.builder().build(), Sample.class);
    SampleRepository samples = store.register(new SampleRepository());
    server = ScribeServer.start(RestApplication.builder(store).mount("samples", new Controller<>(samples)).build(), 0);
  }

  @AfterAll
  static void stop() throws SQLException {
    server.close();
    store.close();
    database.close();
  }

  @BeforeEach
  void empty() {
    try (java.sql.Connection connection = database.connection(); java.sql.Statement statement = connection.createStatement()) {
      statement.execute("delete from import_samples");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anIntegralDecimalIsAnIntegerAndAFractionIsRefusedSayingAnIntegerIsExpected() throws Exception {
    // a spreadsheet writes the integer 1 of a cell formatted with decimals as 1.0 or 1.00
    HttpResponse<String> imported = importCsv("text,small,big\r\nx,1.0,2.00\r\ny,-3.,4\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(column("small_value")).containsExactly(1, -3);
    assertThat(column("big_value")).containsExactly(2L, 4L);

    HttpResponse<String> fraction = importCsv("text,small\r\nz,1.5\r\n");

    assertThat(fraction.statusCode()).as(fraction.body()).isEqualTo(400);
    assertThat(report(fraction)).containsExactly(Map.of("row", 2, "field", "small",
        "message", "'1.5' is not an integer; expected an integer between -2147483648 and 2147483647"));
  }

  @Test
  void aCellThatIsNotAValueOfItsColumnIsRefusedSayingWhatTheColumnTakes() throws Exception {
    HttpResponse<String> refused = importCsv("text,flag,small,big,ratio,amount,day,time,local,at,token,status\r\n"
        + "x,yes,abc,99999999999999999999,1/2,\"2,50\",31/01/2030,25:00,tomorrow,now,z,MAYBE\r\n");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    Map<Object, Object> messages = new java.util.LinkedHashMap<>();
    report(refused).forEach(entry -> messages.put(entry.get("field"), entry.get("message")));
    assertThat(messages).containsExactly(
        Map.entry("flag", "'yes' is not true or false; expected true or false, in any case"),
        Map.entry("small", "'abc' is not an integer; expected an integer between -2147483648 and 2147483647"),
        Map.entry("big", "'99999999999999999999' is out of range; expected an integer between -9223372036854775808"
            + " and 9223372036854775807"),
        Map.entry("ratio", "'1/2' is not a number; expected a number with a point before its decimals, such as 2.5"
            + " or -1.25e3"),
        Map.entry("amount", "'2,50' is not a number; expected a decimal number with a point before its decimals and no"
            + " thousands separator, such as 2.50"),
        Map.entry("day", "'31/01/2030' is not a date; expected a date as YYYY-MM-DD, such as 2030-01-31"),
        Map.entry("time", "'25:00' is not a time; expected a time as hh:mm or hh:mm:ss, such as 09:30:00"),
        Map.entry("local", "'tomorrow' is not a date and time; expected a date and time as YYYY-MM-DDThh:mm:ss (a space"
            + " may stand for the T), such as 2030-01-31T09:30:00"),
        Map.entry("at", "'now' is not an instant; expected a date and time in UTC or with its offset, as"
            + " YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DDThh:mm:ss+hh:mm (a space may stand for the T), such as"
            + " 2030-01-31T09:30:00Z"),
        Map.entry("token", "'z' is not a UUID; expected a UUID, such as 123e4567-e89b-12d3-a456-426614174000"),
        Map.entry("status", "'MAYBE' is not a value of status; expected one of OPEN, DONE, in any case"));
  }

  @Test
  void cellsAsSpreadsheetsAndScriptsWriteThemAreRead() throws Exception {
    // Excel and LibreOffice write TRUE; Python's str() writes True, and a space between a date and its time
    HttpResponse<String> imported = importCsv("text,flag,local,at,status,ratio\r\n"
        + "x,TRUE,2030-01-31 09:30:00,2030-01-31 09:30:00+00:00,open,-1.25E3\r\n"
        + "y,False,2030-01-31T09:30,2030-01-31T11:30:00+02:00,DONE,2\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(column("flag_value")).containsExactly(true, false);
    assertThat(column("status_value")).containsExactly("OPEN", "DONE");
    assertThat(column("ratio_value")).containsExactly(-1250.0, 2.0);
    assertThat(column("local_value").stream().map(String::valueOf)).containsExactly("2030-01-31 09:30:00.0", "2030-01-31 09:30:00.0");
  }

  @Test
  void anEmptyCellIsAValueNotGivenSoThatTheAttributesDefaultApplies() throws Exception {
    // as a JSON body or an NDJSON line without the key: before, an empty cell was null, refused for an int
    HttpResponse<String> imported = importCsv("text,level,active,small\r\nx,,,\r\n");
    HttpResponse<String> quoted = importCsv("\"text\",\"level\",\"active\",\"small\"\r\n\"y\",\"\",\"\",\"\"\r\n");
    HttpResponse<String> ndjson = send("POST", "/samples/import", "application/x-ndjson", "{\"text\":\"z\"}\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(quoted.statusCode()).as(quoted.body()).isEqualTo(200);
    assertThat(ndjson.statusCode()).as(ndjson.body()).isEqualTo(200);
    assertThat(column("level_value")).containsExactly(3, 3, 3);
    assertThat(column("active_value")).containsExactly(false, false, false);
    assertThat(column("small_value")).containsExactly(null, null, null);
  }

  @Test
  void anXlsxExportShowsIntegersAsIntegersAndItsSheetSavedAsCsvImportsBack() throws Exception {
    HttpResponse<String> created = send("POST", "/samples", "application/json", "{\"text\":\"x\",\"flag\":true,"
        + "\"small\":7,\"big\":1234567890123456789,\"ratio\":0.25,\"amount\":2.50,\"level\":4}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String fields = "text,flag,small,big,ratio,amount,level";

    HttpResponse<byte[]> xlsx = client.send(HttpRequest.newBuilder(server.uri().resolve("/samples.xlsx?fields="
        + fields)).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(xlsx.statusCode()).isEqualTo(200);
    StringBuilder csv = new StringBuilder();
    try (org.apache.poi.xssf.usermodel.XSSFWorkbook workbook =
             new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
      org.apache.poi.ss.usermodel.Row header = workbook.getSheetAt(0).getRow(0);
      org.apache.poi.ss.usermodel.Row row = workbook.getSheetAt(0).getRow(1);
      Map<String, org.apache.poi.ss.usermodel.Cell> byName = new java.util.HashMap<>();
      header.forEach(name -> byName.put(name.getStringCellValue(), row.getCell(name.getColumnIndex())));
      // integers in the integer format, a decimal with its scale: shown as 7 and 2.50, not 7.0 and 2.5
      assertThat(byName.get("small").getCellStyle().getDataFormatString()).isEqualTo("0");
      assertThat(byName.get("level").getCellStyle().getDataFormatString()).isEqualTo("0");
      assertThat(byName.get("amount").getCellStyle().getDataFormatString()).isEqualTo("0.00");
      // more digits than a spreadsheet's number keeps (15): text, or 1234567890123456789 would show as 1.23457E+18
      assertThat(byName.get("big").getStringCellValue()).isEqualTo("1234567890123456789");
      // what a spreadsheet writes when the sheet is saved as CSV: each cell as it is shown
      org.apache.poi.ss.usermodel.DataFormatter shown = new org.apache.poi.ss.usermodel.DataFormatter();
      for (org.apache.poi.ss.usermodel.Row line : workbook.getSheetAt(0)) {
        List<String> cells = new java.util.ArrayList<>();
        line.forEach(cell -> cells.add(shown.formatCellValue(cell)));
        csv.append(String.join(",", cells)).append("\r\n");
      }
    }
    assertThat(csv.toString()).endsWith("x,TRUE,4,7,1234567890123456789,0.25,2.50\r\n");
    empty();

    HttpResponse<String> imported = importCsv(csv.toString());

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(column("big_value")).containsExactly(1234567890123456789L);
    assertThat(column("level_value")).containsExactly(4);
  }

  @Test
  void aHeaderNameMatchesItsAttributeInAnyCase() throws Exception {
    // a spreadsheet's author writes Text or SMALL over a column as readily as text
    HttpResponse<String> imported = importCsv("Text, FLAG ,Small\r\nx,true,3\r\n");
    HttpResponse<String> twice = importCsv("Text,text\r\nx,y\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(column("text_value")).containsExactly("x");
    assertThat(column("small_value")).containsExactly(3);
    assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
    assertThat(JSON.readValue(twice.body(), Map.class).get("detail"))
        .isEqualTo("the CSV header names the attribute 'text' twice, as 'Text' and as 'text'");
  }

  /**
   * A no-break space around a header's name, as a name pasted into a spreadsheet from a web page keeps it, is a space
   * like any other: {@code text\u00a0} was "not an attribute", in a message that showed it as {@code text }.
   */
  @Test
  void noBreakSpacesAroundAHeaderNameAreSpacesToo() throws Exception {
    HttpResponse<String> imported = importCsv("text\u00a0,\u202fflag,\u00a0small\u00a0\r\nx,true,3\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(column("text_value")).containsExactly("x");
    assertThat(column("small_value")).containsExactly(3);
  }

  @Test
  void aFileSeparatedBySemicolonsOrTabsIsReadWithTheSeparatorOfItsHeader() throws Exception {
    // Excel in a locale whose decimal separator is a comma saves CSV with semicolons; "text" exports use tabs
    HttpResponse<String> semicolons = importCsv("\uFEFFtext;small;amount\r\n\"a; b\";2;2.50\r\nhello, world;3;\r\n");
    HttpResponse<String> tabs = importCsv("text\tsmall\r\nc, d\t4\r\n");
    HttpResponse<String> one = importCsv("text\r\ne; f\r\n");

    assertThat(semicolons.statusCode()).as(semicolons.body()).isEqualTo(200);
    assertThat(tabs.statusCode()).as(tabs.body()).isEqualTo(200);
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(column("text_value")).containsExactly("a; b", "hello, world", "c, d", "e; f");
    assertThat(column("small_value")).containsExactly(2, 3, 4, null);
  }

  @Test
  void theEmptyColumnsAndRowsASpreadsheetWritesAroundItsDataAreSkipped() throws Exception {
    // a spreadsheet saves every column and row of the range once used: unnamed columns, rows of empty cells
    HttpResponse<String> imported = importCsv("text,small,,\r\na,1,,\r\n,,,\r\n\"\",\"\",\"\",\"\"\r\nb,2,,\r\n,,,\r\n");
    HttpResponse<String> valueThere = importCsv("text,small,\r\nc,3,surprise\r\n");
    HttpResponse<String> gap = importCsv("text,,small\r\nd,,4\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(JSON.readValue(imported.body(), Map.class)).containsEntry("rows", 2).containsEntry("imported", 2);
    assertThat(column("text_value")).containsExactly("a", "b");
    assertThat(valueThere.statusCode()).as(valueThere.body()).isEqualTo(400);
    assertThat(report(valueThere)).hasSize(1);
    assertThat(report(valueThere).get(0)).containsEntry("row", 2).containsEntry("field", null).containsEntry("message",
        "has the value 'surprise' in column 3, which has no name in the header; name the column, or empty its cells");
    assertThat(gap.statusCode()).isEqualTo(400);
    assertThat(JSON.readValue(gap.body(), Map.class).get("detail")).isEqualTo("column 2 of the CSV header has no name;"
        + " the header row names the attribute of each column");
  }

  @Test
  void aWorkbookSentToTheImportIsRefusedAsAWorkbookNotAsTextInAnotherEncoding() throws Exception {
    // the export's own XLSX sent back: it was "not valid UTF-8 ... a file saved as Latin-1 or Windows-1252"
    HttpResponse<byte[]> xlsx = client.send(HttpRequest.newBuilder(server.uri().resolve("/samples.xlsx")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};

    HttpResponse<String> asCsv = sendBytes("text/csv", xlsx.body());
    HttpResponse<String> asNdjson = sendBytes("application/x-ndjson", xls);
    HttpResponse<String> asWorkbook = sendBytes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        xlsx.body());

    assertThat(asCsv.statusCode()).isEqualTo(400);
    assertThat(JSON.readValue(asCsv.body(), Map.class).get("detail")).isEqualTo("the import is a spreadsheet workbook"
        + " (an XLSX file), not text; save its sheet as CSV UTF-8 and send that as text/csv");
    assertThat(asNdjson.statusCode()).isEqualTo(400);
    assertThat(JSON.readValue(asNdjson.body(), Map.class).get("detail")).isEqualTo("the import is a spreadsheet"
        + " workbook (an XLS file), not text; save its sheet as CSV UTF-8 and send that as text/csv");
    assertThat(asWorkbook.statusCode()).isEqualTo(415);
    assertThat(JSON.readValue(asWorkbook.body(), Map.class).get("detail")).isEqualTo("samples.import does not read"
        + " Content-Type 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'; send the rows as text/csv,"
        + " application/x-ndjson; a workbook is not read: save its sheet as CSV UTF-8 and send that as text/csv");
  }

  @Test
  void aCsvLabelledAsBrowsersAndToolsLabelOneIsReadAsCsv() throws Exception {
    // a browser on Windows with Excel installed sends a .csv file as application/vnd.ms-excel: it was a 415
    byte[] csv = "text,small\r\nx,1\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};

    HttpResponse<String> excel = sendBytes("application/vnd.ms-excel", csv);
    HttpResponse<String> application = sendBytes("application/csv", csv);
    HttpResponse<String> realXls = sendBytes("application/vnd.ms-excel", xls);

    assertThat(excel.statusCode()).as(excel.body()).isEqualTo(200);
    assertThat(application.statusCode()).as(application.body()).isEqualTo(200);
    assertThat(column("text_value")).containsExactly("x", "x");
    assertThat(realXls.statusCode()).isEqualTo(400);
    assertThat(JSON.readValue(realXls.body(), Map.class).get("detail")).asString()
        .startsWith("the import is a spreadsheet workbook (an XLS file), not text");
  }

  private HttpResponse<String> sendBytes(String contentType, byte[] body) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(server.uri().resolve("/samples/import")).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aNumberWhosePointMaySeparateThousandsIsRefusedInAFileSeparatedBySemicolons() throws Exception {
    // Excel saves semicolons where a comma is the decimal separator and a point groups thousands: 1.000 is 1000
    HttpResponse<String> grouped = importCsv("text;small;amount;ratio\r\nx;1.000;1.250;12.500\r\n");
    HttpResponse<String> plain = importCsv("text;small;amount;ratio\r\ny;2.0;0.12;0.125\r\n");
    HttpResponse<String> commas = importCsv("text,small,ratio\r\nz,1.000,1.250\r\n");

    assertThat(grouped.statusCode()).as(grouped.body()).isEqualTo(400);
    Map<Object, Object> messages = new java.util.LinkedHashMap<>();
    report(grouped).forEach(entry -> messages.put(entry.get("field"), entry.get("message")));
    String why = " is ambiguous in a file separated by semicolons, where a point may group thousands; write the number"
        + " without grouping (1000) and with a point before its decimals";
    assertThat(messages).containsExactly(Map.entry("small", "'1.000'" + why), Map.entry("amount", "'1.250'" + why),
        Map.entry("ratio", "'12.500'" + why));
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
    assertThat(commas.statusCode()).as(commas.body()).isEqualTo(200);
    assertThat(column("small_value")).containsExactly(2, 1);
  }

  @Test
  void aRowOfMoreCellsThanASpreadsheetHasColumnsIsRefusedBeforeItIsHeldInMemory() throws Exception {
    // a header or a row of millions of empty cells (one comma each) was read whole: a 16 MiB file of commas took
    // hundreds of megabytes and ended in an OutOfMemoryError, a 500
    String commas = ",".repeat(1_000_000);
    HttpResponse<String> wideHeader = importCsv("text,small" + commas + "\r\nx,1\r\n");
    HttpResponse<String> wideRow = importCsv("text,small\r\nx,1\r\ny,2" + commas + "\r\n");
    HttpResponse<String> excelWide = importCsv("text,small" + ",".repeat(16_382) + "\r\nz,3" + ",".repeat(16_382) + "\r\n");

    assertThat(wideHeader.statusCode()).as(wideHeader.body()).isEqualTo(400);
    assertThat(JSON.readValue(wideHeader.body(), Map.class).get("detail")).isEqualTo("the CSV cannot be read: the row"
        + " on line 1 has more than 16384 cells, the columns of a spreadsheet; remove the empty columns at the end of"
        + " its rows");
    assertThat(wideRow.statusCode()).as(wideRow.body()).isEqualTo(400);
    assertThat(JSON.readValue(wideRow.body(), Map.class).get("detail")).asString()
        .startsWith("the CSV cannot be read: the row on line 3 has more than 16384 cells");
    assertThat(excelWide.statusCode()).as(excelWide.body()).isEqualTo(200);
    assertThat(column("text_value")).containsExactly("z");
  }

  private HttpResponse<String> importCsv(String csv) throws IOException, InterruptedException {
    return send("POST", "/samples/import", "text/csv", csv);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> report(HttpResponse<String> reply) throws IOException {
    return (List<Map<String, Object>>) JSON.readValue(reply.body(), Map.class).get("report");
  }

  private static List<Object> column(String name) {
    return database.rows("import_samples").stream().map(row -> row.get(name)).toList();
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
