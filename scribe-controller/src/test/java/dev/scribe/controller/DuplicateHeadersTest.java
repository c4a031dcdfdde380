package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A header that may appear once, sent twice with a body: which one the server took would be a guess. */
class DuplicateHeadersTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void twoContentTypesOnABodyAre400NamingBothAndWriteNothing() throws IOException {
    long id = http.createTask("{\"title\":\"Read\"}");

    RawHttp.Response store = RawHttp.exchange(http.server.port(), "POST /tasks HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
        + "{\"title\":\"x\"}");
    RawHttp.Response update = RawHttp.exchange(http.server.port(), "PATCH /tasks/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\nContent-Type: text/plain\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
        + "{\"title\":\"y\"}");

    // before, the first header won and the other was passed over: the task was created from a body its client
    // also called text/plain
    for (RawHttp.Response response : new RawHttp.Response[] {store, update}) {
      assertThat(response.status()).as(response.toString()).isEqualTo(400);
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(store.problem().get("detail")).isEqualTo("the request has 2 Content-Type headers ('application/json',"
        + " 'text/plain'); a body has one media type: send one Content-Type header");
    assertThat(http.rows("http_tasks")).isEqualTo(1);
    assertThat(http.get("/tasks/" + id).body()).contains("\"title\":\"Read\"");
  }
}
