package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every answer whose representation the route chose by {@code Accept} says so with {@code Vary: Accept}, merged with
 * {@code Authorization} into one header, so that a shared cache does not hand one client's answer to a client that
 * asked for another type; an answer that reads no {@code Accept} (a download, an export by its suffix) does not.
 */
class VaryAcceptTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start(b -> b, b -> b.introspection(true));

  @BeforeAll
  static void files() {
    http.taskController.attachments(AttachmentStore.database());
  }

  private static long task() {
    Reply created = http.post("/tasks", "{\"title\": \"cached\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return ((Number) created.map().get("id")).longValue();
  }

  @Test
  void everyAnswerChosenByAcceptVariesByAccept() {
    long id = task();
    String item = "/tasks/" + id;
    Reply shown = http.get(item);
    assertThat(http.send("PUT", item + "/files/a.txt", "text", "Content-Type", "text/plain").status()).isEqualTo(201);
    List<Reply> negotiated = List.of(
        http.get("/tasks"),
        http.send("GET", "/tasks", null, "Accept", "application/xml"),
        http.get("/tasks/count"),
        http.send("GET", "/tasks/count", null, "Accept", "application/xml"),
        shown,
        http.send("HEAD", item, null),
        http.send("GET", item, null, "If-None-Match", shown.header("ETag")),
        http.send("GET", item, null, "Accept", "application/xml"),
        http.get("/tasks/999999"),
        http.patch(item, "{\"title\": \"renamed\"}"),
        http.post("/tasks", "{\"title\": \"another\"}"),
        http.post(item + "/complete", null),
        http.post("/tasks/find", "{}"),
        http.get(item + "/files"),
        http.send("GET", item + "/files", null, "Accept", "application/xml"),
        http.send("POST", "/tasks/import", "title\r\nimported\r\n", "Content-Type", "text/csv"),
        http.get("/_scribe/events"),
        http.send("GET", "/_scribe/events", null, "Accept", "application/xml"),
        http.delete(item));
    for (Reply reply : negotiated) {
      assertThat(reply.headers().allValues("Vary")).as(reply.toString()).containsExactly("Accept");
    }
    // the catalogue answered JSON to a client that asked for XML only
    assertThat(negotiated.get(negotiated.size() - 2).status()).isEqualTo(406);
  }

  @Test
  void anAnswerThatReadsNoAcceptDoesNotVaryByIt() {
    long id = task();
    assertThat(http.send("PUT", "/tasks/" + id + "/files/a.txt", "text", "Content-Type", "text/plain").status())
        .isEqualTo(201);
    List<Reply> fixed = List.of(
        http.get("/tasks.csv"),
        http.send("GET", "/tasks.csv", null, "Accept", "application/json"),
        http.get("/tasks/" + id + "/files/a.txt"),
        http.send("OPTIONS", "/tasks", null),
        http.send("PUT", "/tasks", "{}"),
        http.get("/nothing"));
    for (Reply reply : fixed) {
      assertThat(reply.header("Vary")).as(reply.toString()).isNull();
    }
  }

  @Test
  void theConsolesJsonVariesByAcceptAndItsPageDoesNot() {
    try (HttpApp console = HttpApp.start(scribe -> scribe.trace(true), app -> app.console(ConsoleOptions.enabled()))) {
      for (Reply reply : List.of(console.get("/_scribe/requests"), console.get("/_scribe/events"),
          console.send("GET", "/_scribe/requests", null, "Accept", "text/html"))) {
        assertThat(reply.headers().allValues("Vary")).as(reply.toString()).containsExactly("Accept");
      }
      Reply page = console.get("/_scribe/");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Vary")).as(page.toString()).isNull();
    }
  }

  @Test
  void aConsoleBehindARoleVariesByTheCredentialsToo() {
    try (HttpApp guarded = HttpApp.start(scribe -> scribe.trace(true), app -> app
        .authenticator(request -> "ada".equals(request.getHeader("X-User")) ? dev.scribe.core.User.of("1", "ada", "admin")
            : null)
        .console(ConsoleOptions.enabled().requireRole("admin")))) {
      Reply anonymous = guarded.get("/_scribe/requests");
      assertThat(anonymous.status()).isEqualTo(401);
      // refused before Accept was read: the answer depends on the credentials alone
      assertThat(anonymous.headers().allValues("Vary")).containsExactly("Authorization");
      Reply admitted = guarded.send("GET", "/_scribe/requests", null, "X-User", "ada");
      assertThat(admitted.status()).isEqualTo(200);
      assertThat(admitted.headers().allValues("Vary")).containsExactly("Accept, Authorization");
    }
  }

  @Test
  void anApplicationThatAuthenticatesSendsOneVaryNamingBoth() {
    try (SecuredApp secured = new SecuredApp()) {
      secured.reset();
      long doc = secured.createDoc("cached", secured.ownerToken);
      Reply shown = secured.get("/docs/" + doc, secured.ownerToken);
      List<Reply> negotiated = List.of(
          shown,
          secured.get("/docs/" + doc, null),
          secured.send("GET", "/docs/" + doc, null, secured.ownerToken, "If-None-Match", shown.header("ETag")),
          secured.send("GET", "/docs/" + doc, null, secured.ownerToken, "Accept", "text/csv"),
          secured.get("/docs", secured.ownerToken),
          secured.get("/docs/count", secured.ownerToken),
          secured.get("/auth/me", secured.ownerToken),
          secured.send("GET", "/auth/me", null, secured.ownerToken, "Accept", "application/xml"));
      for (Reply reply : negotiated) {
        assertThat(reply.headers().allValues("Vary")).as(reply.toString()).containsExactly("Accept, Authorization");
      }
      assertThat(secured.get("/docs.csv", secured.ownerToken).headers().allValues("Vary"))
          .containsExactly("Authorization");
    }
  }
}
