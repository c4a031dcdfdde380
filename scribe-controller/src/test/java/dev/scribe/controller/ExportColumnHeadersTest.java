package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.ArgsContractException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two export columns of one header are an {@code onPreExport} handler's mistake, named before the first row: a row of
 * JSON or NDJSON kept one of the two values under the header and dropped the other without a word, and a CSV had
 * two columns of one name, which its import refuses.
 */
class ExportColumnHeadersTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void twoColumnsOfOneHeaderAreTheHandlersBrokenContract() {
    http.createTask("{\"title\":\"exported\"}");
    List<Object> failures = new ArrayList<>();
    http.on(http.taskController.events(), "onPreExport", args -> {
      List<ExportColumn> columns = ExportColumn.of(args);
      columns.add(ExportColumn.computed("name", (row, task) -> "computed"));
      columns.replaceAll(column -> column.header().equals("title") ? column.renamed("name") : column);
    });
    http.on(http.taskController.events(), "onError", args -> failures.add(args.get(ControllerTier.EXCEPTION)));

    for (String format : List.of("json", "ndjson", "csv")) {
      Reply reply = http.get("/tasks." + format);

      assertThat(reply.status()).as(format + ": " + reply.body()).isEqualTo(500);
    }
    assertThat(failures).hasSize(3).allSatisfy(failure -> assertThat(failure).isInstanceOfSatisfying(
        ArgsContractException.class, e -> assertThat(e.getMessage()).isEqualTo("an onPreExport handler of tasks.export"
            + " left two columns with the header 'name' (at 2 and 9 of 'columns'); a row of JSON or NDJSON would keep"
            + " one of their values: give each column a header of its own")));
  }
}
