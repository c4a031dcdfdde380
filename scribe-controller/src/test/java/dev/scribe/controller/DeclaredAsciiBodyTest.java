package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body is read in the charset its {@code Content-Type} declares, or refused: one declared US-ASCII that holds a byte
 * beyond ASCII is a 400 naming the byte and its offset, a JSON body and an import's file alike, and nothing is
 * written; it was read as UTF-8.
 */
class DeclaredAsciiBodyTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aBodyDeclaredUsAsciiThatIsNotIsA400NamingTheByteAndWritesNothing() {
    byte[] utf8 = "{\"title\": \"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    for (String type : List.of("application/json; charset=us-ascii", "application/json; charset=ASCII")) {
      Reply refused = send("POST", "/tasks", type, utf8);

      assertThat(refused.status()).as(type + ": " + refused).isEqualTo(400);
      assertThat((String) refused.map().get("detail")).contains("US-ASCII").contains("offset 14").contains("0xC3");
    }
    assertThat(http.rows("http_tasks")).isZero();
    Reply ascii = send("POST", "/tasks", "application/json; charset=us-ascii",
        "{\"title\": \"plain\"}".getBytes(StandardCharsets.US_ASCII));
    assertThat(ascii.status()).as(ascii.toString()).isEqualTo(201);
    Reply utf8Named = send("POST", "/tasks", "application/json; charset=\"UTF-8\"; profile=x", utf8);
    assertThat(utf8Named.status()).as(utf8Named.toString()).isEqualTo(201);
    assertThat(utf8Named.map().get("title")).isEqualTo("caf\u00e9");
  }

  @Test
  void anImportDeclaredUsAsciiThatIsNotIsA400NamingTheByteAndImportsNothing() {
    Reply refused = send("POST", "/tasks/import", "text/csv; charset=us-ascii",
        "title\r\nplain\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat((String) refused.map().get("detail")).contains("US-ASCII").contains("offset 17").contains("0xC3");
    assertThat(http.rows("http_tasks")).isZero();
  }

  private static Reply send(String method, String path, String contentType, byte[] body) {
    return Reply.exchangeBytes(http.uri(path), method, contentType, body);
  }
}
