package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A servlet container (or a filter in front of the application) that hands on a principal without a name: it
 * vouches for a caller it cannot name. Over real HTTP, through a servlet that puts such a principal on every
 * request before the application's servlet sees it.
 */
class NamelessPrincipalTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aPrincipalWithoutANameIdentifiesNobodyAndIs401NotA500() throws Exception {
    for (String name : new String[] {null, "", "  "}) {
      HttpServlet vouching = new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
          Principal nameless = () -> name;
          http.app.servlet().service(new HttpServletRequestWrapper(req) {
            @Override
            public Principal getUserPrincipal() {
              return nameless;
            }
          }, resp);
        }
      };
      try (ScribeServer server = ScribeServer.builder().port(0).servlet("/*", vouching).start()) {
        RawHttp.Response read = RawHttp.exchange(server.port(), "GET /tasks HTTP/1.1\r\nHost: localhost\r\n"
            + "Connection: close\r\n\r\n");
        RawHttp.Response write = RawHttp.exchange(server.port(), "POST /tasks HTTP/1.1\r\nHost: localhost\r\n"
            + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"title\":\"a\"}");

        // before, User refused the null name with a UsageException, and every request was a 500
        for (RawHttp.Response response : new RawHttp.Response[] {read, write}) {
          assertThat(response.status()).as(name + ": " + response).isEqualTo(401);
          assertThat(response.header("Content-Type")).startsWith("application/problem+json");
          assertThat(response.header("WWW-Authenticate")).isNotNull();
          Map<String, Object> problem = response.problem();
          assertThat(problem.get("detail")).isEqualTo("the credentials of this request were accepted by the server,"
              + " but its principal has no name, so they identify no user; send the credentials of a named user, or none");
        }
        assertThat(http.rows("http_tasks")).isZero();
      }
    }
  }
}
