package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An import's rows held to the application's {@code maxBodyBytes}, as a JSON body is: a record a raised limit lets
 * a client store by POST can be imported too, and no longer.
 */
class ImportRecordLimitTest {
  private static final int LIMIT = 4 << 20;

  @RegisterExtension
  static final HttpApp http = HttpApp.start(b -> b, app -> app.maxBodyBytes(LIMIT));

  /** A task with 5,000 subtasks of 250 characters each: about 1.3 MB of JSON, one record. */
  private static String bigTask(String title) {
    String subtask = "{\"title\":\"" + "s".repeat(250) + "\"}";
    return "{\"title\":\"" + title + "\",\"subtasks\":[" + String.join(",", java.util.Collections.nCopies(5_000, subtask))
        + "]}";
  }

  @Test
  void aRecordLargerThanAMegabyteThatABodyMayStoreIsImportedFromAnNdjsonLine() {
    String line = bigTask("line");
    assertThat(line.length()).isGreaterThan(1 << 20);

    Reply stored = http.post("/tasks", bigTask("body"));
    Reply imported = http.send("POST", "/tasks/import", line + "\n", "Content-Type", "application/x-ndjson");

    assertThat(stored.status()).isEqualTo(201);
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(imported.map()).containsEntry("imported", 1);
    assertThat(http.query("select count(*) as n from http_subtasks").get(0).get("n")).isEqualTo(10_000L);
  }

  @Test
  void aCsvCellOfAnAssociationLargerThanAMegabyteIsImportedUnderTheRaisedLimit() {
    String subtasks = bigTask("x").replaceFirst("^\\{\"title\":\"x\",\"subtasks\":", "").replaceFirst("}$", "");

    Reply imported = http.send("POST", "/tasks/import", "title,subtasks\r\ncell,\"" + subtasks.replace("\"", "\"\"")
        + "\"\r\n", "Content-Type", "text/csv");

    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(http.query("select count(*) as n from http_subtasks").get(0).get("n")).isEqualTo(5_000L);
  }

  @Test
  void aLineLongerThanTheApplicationsBodyLimitIsStillAProblemOfItsRow() {
    String line = "{\"title\":\"x\"" + " ".repeat(LIMIT) + "}";

    Reply reply = http.send("POST", "/tasks/import?dryRun=true", "{\"title\":\"fine\"}\n" + line + "\n",
        "Content-Type", "application/x-ndjson");

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> report = (List<Map<String, Object>>) reply.map().get("report");
    assertThat(report).singleElement().satisfies(entry -> assertThat(entry.get("message")).isEqualTo("is "
        + line.length() + " characters long, more than a line of one record may be (" + LIMIT + "); send the record's values, one record on each line"));
  }
}
