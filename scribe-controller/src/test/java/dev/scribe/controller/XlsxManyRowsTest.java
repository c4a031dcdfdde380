package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An XLSX export of more rows than a sheet holds (1,048,576 with its header): the rows go on in a second sheet. POI
 * refused the row after the sheet's last, and the export was a 500 after a minute of work.
 */
class XlsxManyRowsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private static final int SHEET_ROWS = 1_048_576;

  @Test
  void rowsBeyondASheetGoOnInTheNextSheetUnderTheSameHeader(@TempDir Path dir) throws Exception {
    int tasks = SHEET_ROWS + 9;   // the first sheet takes the header and 1,048,575 rows; 10 rows are left over
    String numbers = http.database.isPostgres() ? "generate_series(1, " + tasks + ") as x"
        : "system_range(1, " + tasks + ")";
    http.execute("insert into http_tasks (id, version, title, counter) select x, 0, 't' || x, 0 from " + numbers);

    Path file = dir.resolve("tasks.xlsx");
    HttpResponse<Path> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.uri("/tasks.xlsx?fields=id"))
        .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofFile(file));

    assertThat(reply.statusCode()).as(reply.statusCode() == 200 ? "" : Files.readString(file)).isEqualTo(200);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String workbook = text(zip, "xl/workbook.xml");
      assertThat(names(workbook)).containsExactly("export", "export 2");
      List<String> first = rows(zip, "xl/worksheets/sheet1.xml");
      List<String> second = rows(zip, "xl/worksheets/sheet2.xml");
      assertThat(first).hasSize(SHEET_ROWS);
      assertThat(second).hasSize(11);
      assertThat(first.get(0)).contains(">id<");
      assertThat(second.get(0)).contains(">id<");
      assertThat(second.get(1)).contains("<v>1048576");
      assertThat(second.get(10)).contains("<v>" + tasks);
    }
  }

  private static String text(ZipFile zip, String name) throws IOException {
    try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> names(String workbook) {
    List<String> names = new ArrayList<>();
    Matcher sheet = Pattern.compile("<sheet [^>]*name=\"([^\"]*)\"").matcher(workbook);
    while (sheet.find()) {
      names.add(sheet.group(1));
    }
    return names;
  }

  /** The first and the last rows of a sheet in full, read as a stream: the sheet is too large to hold. */
  private static List<String> rows(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    List<String> rows = new ArrayList<>();
    StringBuilder current = null;
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] buffer = new byte[1 << 16];
      StringBuilder tail = new StringBuilder();
      for (int read; (read = in.read(buffer)) > 0; ) {
        tail.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
        int start;
        while ((start = tail.indexOf("<row ")) >= 0) {
          int end = tail.indexOf("</row>", start);
          if (end < 0) {
            break;
          }
          rows.add(tail.substring(start, end));
          tail.delete(0, end + 6);
        }
      }
    }
    return rows;
  }
}
