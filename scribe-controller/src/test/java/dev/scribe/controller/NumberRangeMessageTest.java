package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole number too large for its attribute is refused with the range the attribute takes, wherever it comes
 * from: a JSON body, a batch, an NDJSON or CSV import. The client was told only "it is out of range".
 */
class NumberRangeMessageTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static final String INT_RANGE = "a whole number between -2147483648 and 2147483647";
  private static final String REFUSED = "'99999999999' is not a valid Integer; it is out of range; expected " + INT_RANGE;

  @Test
  void aJsonBodySaysTheRange() {
    Reply reply = http.post("/tasks", "{\"title\":\"t\",\"priority\":99999999999}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.map().get("detail")).isEqualTo("priority: " + REFUSED);
    assertThat(reply.map().get("errors")).isEqualTo(Map.of("priority", List.of(REFUSED)));
  }

  @Test
  void aBatchSaysTheRangeForItsRecord() {
    Reply reply = http.post("/tasks", "[{\"title\":\"a\"},{\"title\":\"b\",\"priority\":99999999999}]");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("\"index\":1").contains("\"priority\":[\"" + REFUSED + "\"]");
  }

  @Test
  void anNdjsonImportSaysTheRangeInItsReport() {
    Reply reply = http.send("POST", "/tasks/import", "{\"title\":\"a\",\"priority\":99999999999}\n",
        "Content-Type", "application/x-ndjson");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(report(reply)).containsExactly(Map.of("row", 1, "field", "priority", "message", REFUSED));
  }

  @Test
  void aCsvImportSaysTheNumberIsOutOfRangeRatherThanNotAnInteger() {
    Reply reply = http.send("POST", "/tasks/import", "title,priority\r\na,99999999999\r\n", "Content-Type", "text/csv");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(report(reply)).containsExactly(Map.of("row", 2, "field", "priority", "message",
        "'99999999999' is out of range; expected an integer between -2147483648 and 2147483647"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> report(Reply reply) {
    return (List<Map<String, Object>>) reply.map().get("report");
  }
}
