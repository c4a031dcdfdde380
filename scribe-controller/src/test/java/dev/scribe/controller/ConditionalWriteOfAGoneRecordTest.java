package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A conditional write ({@code If-Match}) of a record that is not there when the request reads it is a 404, as
 * without the condition (RFC 9110, 13.2.1: a precondition is not evaluated when the answer without it would be
 * neither a 2xx nor a 412); one whose record is deleted after the request read it and before its write lost a
 * race, and is a 412.
 */
class ConditionalWriteOfAGoneRecordTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aConditionalWriteOfARecordDeletedBeforeTheRequestReadItOrNeverCreatedIs404() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.delete("/tasks/" + id);

    for (String target : new String[] {"/tasks/" + id, "/tasks/987654"}) {
      assertThat(http.send("DELETE", target, null, "If-Match", "\"0\"").status()).as("DELETE " + target).isEqualTo(404);
      assertThat(http.send("DELETE", target, null, "If-Match", "*").status()).as("DELETE * " + target).isEqualTo(404);
      assertThat(http.patch(target, "{\"title\":\"b\"}", "If-Match", "\"0\"").status()).as("PATCH " + target)
          .isEqualTo(404);
      assertThat(http.put(target, "{\"title\":\"b\"}", "If-Match", "\"0\"").status()).as("PUT " + target).isEqualTo(404);
    }
  }

  @Test
  void aConditionalDeleteWhoseRecordIsDeletedAfterTheRequestReadItIs412() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.tasks.events(), "preDelete", args -> http.execute("delete from http_tasks where id = " + id));

    Reply reply = http.send("DELETE", "/tasks/" + id, null, "If-Match", "\"0\"");

    assertThat(reply.status()).as(reply.body()).isEqualTo(412);
  }

  @Test
  void aConditionalUpdateWhoseRecordIsDeletedAfterTheRequestReadItIs412() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.tasks.events(), "preUpdate", args -> http.execute("delete from http_tasks where id = " + id));

    Reply reply = http.patch("/tasks/" + id, "{\"title\":\"b\"}", "If-Match", "\"0\"");

    assertThat(reply.status()).as(reply.body()).isEqualTo(412);
    assertThat(http.rows("http_tasks")).isZero();
  }
}
