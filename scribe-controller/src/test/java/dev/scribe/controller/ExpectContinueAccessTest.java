package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Expect: 100-continue} with callers: a caller without the role the path requires is refused 403 before it
 * is asked for the body, and one with the role is asked for it and served.
 */
class ExpectContinueAccessTest {
  @RegisterExtension
  static final SecuredApp http = new SecuredApp();

  private static final String BODY = "{\"title\":\"continued\"}";

  @Test
  void aCallerWithoutTheRoleIs403BeforeTheBodyAndOneWithItIsAskedForIt() throws IOException {
    try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
      RawHttp.send(socket, request(http.otherToken));

      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).as(response.toString()).isEqualTo(403);
      assertThat(response.header("Connection")).isEqualTo("close");
    }
    try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
      RawHttp.send(socket, request(http.adminToken));
      assertThat(RawHttp.interim(socket.getInputStream())).startsWith("HTTP/1.1 100");
      RawHttp.send(socket, BODY);

      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
  }

  private static String request(String token) {
    return "POST /admin/docs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer "
        + token + "\r\nExpect: 100-continue\r\nContent-Length: " + BODY.length() + "\r\n\r\n";
  }
}
