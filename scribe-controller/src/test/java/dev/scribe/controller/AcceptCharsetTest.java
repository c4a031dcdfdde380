package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every text this server writes is UTF-8: a media range of {@code Accept} whose {@code charset} names another
 * ({@code text/csv;charset=latin1}, {@code application/json;charset=utf-16}) matches none of its answers, so a request
 * that asks for nothing else is a 406 naming the charset it serves, where it got UTF-8 labelled as such.
 * {@code Accept-Charset} is not read (RFC 9110, 12.5.2).
 */
class AcceptCharsetTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static long task(String title) {
    Reply created = http.post("/tasks", "{\"title\": \"" + title + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return ((Number) created.map().get("id")).longValue();
  }

  @Test
  void aCsvExportInAnotherCharsetIsA406NamingUtf8() {
    task("Ünïcødé");
    for (String accept : List.of("text/csv;charset=latin1", "text/csv; charset=ISO-8859-1", "text/csv;charset=us-ascii",
        "text/csv;charset=\"windows-1252\";header=absent", "text/csv;charset=no-such-charset",
        "text/*;charset=latin1")) {
      Reply refused = http.send("GET", "/tasks", null, "Accept", accept);

      assertThat(refused.status()).as(accept + ": " + refused).isEqualTo(406);
      assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat((String) refused.map().get("detail")).as(accept).contains("charset").contains("UTF-8");
      assertThat(refused.header("Vary")).isEqualTo("Accept");
    }
  }

  @Test
  void aCsvExportInUtf8IsServedWhateverTheCharsetIsCalled() {
    task("Ünïcødé");
    for (String accept : List.of("text/csv;charset=utf-8", "text/csv; charset=UTF-8", "text/csv;charset=\"utf-8\"",
        "text/csv;charset=utf8")) {
      Reply csv = http.send("GET", "/tasks", null, "Accept", accept);

      assertThat(csv.status()).as(accept + ": " + csv).isEqualTo(200);
      assertThat(csv.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
      assertThat(csv.body()).contains("Ünïcødé");
    }
  }

  @Test
  void aRangeInAnotherCharsetLeavesTheOthersToChoose() {
    task("plain");
    Reply page = http.send("GET", "/tasks", null, "Accept", "text/csv;charset=latin1, application/json;q=0.5");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("application/json");

    // the header parameter is read from the CSV range that was chosen, not from the one whose charset was refused
    Reply csv = http.send("GET", "/tasks", null, "Accept", "text/csv;charset=latin1;header=bogus, text/csv;q=0.5");
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    assertThat(csv.body()).startsWith("id,");
  }

  @Test
  void jsonInAnotherCharsetIsA406ForJsonIsUtf8() {
    long id = task("Ünïcødé");
    for (String accept : List.of("application/json;charset=utf-16", "application/json; charset=UTF-32",
        "application/json;charset=iso-8859-1, application/problem+json;charset=utf-16")) {
      for (String url : List.of("/tasks/" + id, "/tasks", "/tasks/count")) {
        Reply refused = http.send("GET", url, null, "Accept", accept);

        assertThat(refused.status()).as(url + " " + accept + ": " + refused).isEqualTo(406);
        assertThat((String) refused.map().get("detail")).as(accept).contains("charset").contains("UTF-8");
      }
    }
    for (String accept : List.of("application/json;charset=utf-8", "application/json;charset=UTF8",
        "application/json;charset=utf-16, */*;q=0.1", "application/json;charset=utf-16, application/*")) {
      Reply shown = http.send("GET", "/tasks/" + id, null, "Accept", accept);

      assertThat(shown.status()).as(accept + ": " + shown).isEqualTo(200);
      assertThat(shown.header("Content-Type")).isEqualTo("application/json");
      assertThat(shown.map().get("title")).isEqualTo("Ünïcødé");
    }
  }

  @Test
  void acceptCharsetIsNotReadAndUtf8IsSentLabelledSo() {
    long id = task("Ünïcødé");
    Reply csv = http.send("GET", "/tasks.csv", null, "Accept-Charset", "iso-8859-1");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(csv.body()).contains("Ünïcødé");

    Reply shown = http.send("GET", "/tasks/" + id, null, "Accept-Charset", "iso-8859-1, utf-8;q=0");
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.map().get("title")).isEqualTo("Ünïcødé");
  }
}
