package dev.scribe.controller.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The counts of an import's report, and what they keep in memory however many rows are refused. */
class ImportReportTest {
  /** Refuses every row of a file of five million, in a JVM of a small heap: it prints the report's counts. */
  public static void main(String[] args) {
    long rows = Long.parseLong(args[0]);
    ImportReport report = new ImportReport(rows, true, 1, 1000);
    for (long row = 1; row <= rows; row++) {
      report.refuse(row, 400, List.of("is an array; each line must be one JSON object"), Map.of());
    }
    report.refuse(3, 400, List.of("refused twice"), Map.of()); // a row is counted once, however many its problems
    Map<String, Object> body = report.toMap();
    System.out.println(body.get("failed") + " " + ((List<?>) body.get("report")).size() + " " + body.get("reportTruncated"));
  }

  @Test
  void everyRowOfASixteenMegabyteFileRefusedKeepsTheReportSmall() throws IOException, InterruptedException {
    // an NDJSON import of five million lines "[]" kept a boxed number per refused row in a hash set: 400 MB, and
    // the job failed with an OutOfMemoryError (a 500) in a 256 MB heap
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Xmx48m", "-cp", System.getProperty("java.class.path"),
        ImportReportTest.class.getName(), "5000000").redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("5000000 1000 true");
  }

  @Test
  void aRowIsCountedOnceAndRowsBeyondTheIntegersAreCountedToo() {
    ImportReport report = new ImportReport(10, false, 2, 1000);
    report.refuse(7, 422, List.of("a"), Map.of());
    report.refuse(7, 422, List.of("b"), Map.of());
    report.refuse(Integer.MAX_VALUE + 5L, 400, List.of("c"), Map.of());

    assertThat(report.failed()).isEqualTo(2);
    assertThat(report.failedRow(7)).isTrue();
    assertThat(report.failedRow(8)).isFalse();
    assertThat(report.failedRow(Integer.MAX_VALUE + 5L)).isTrue();
    assertThat(report.hasFailures()).isTrue();
  }
}
