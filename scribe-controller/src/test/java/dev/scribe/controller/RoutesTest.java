package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every route of a mounted, a prefix-mounted and a nested resource, with its success status and headers. */
class RoutesTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void onStartRanOnceForTheControllerMountedTwice() {
    http.app.start();

    assertThat(http.taskController.starts).containsExactly("tasks.start");
  }

  @Test
  void aResourceCannotTakeTheNamesOfTheFrameworksOwnRoutes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestApplication.builder(http.store).mount("imports", http.tasks))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessage("'imports' cannot name a resource: /imports/{id} is where import jobs are read; choose another"
            + " name, or mount it under a prefix");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> RestApplication.builder(http.store).mount("_scribe", "tasks", http.taskController))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class).hasMessageContaining("cannot be mounted under /_scribe");
  }

  @Test
  void storeAnswers201WithLocationEtagAndTheRenderedRecord() {
    Reply reply = http.post("/tasks", "{\"title\":\"Write docs\",\"priority\":2,\"dueDate\":\"2030-01-31\",\"estimate\":2.50}");

    assertThat(reply.status()).isEqualTo(201);
    long id = ((Number) reply.map().get("id")).longValue();
    assertThat(reply.header("Location")).isEqualTo("/tasks/" + id);
    assertThat(reply.header("ETag")).isEqualTo("\"0\"");
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.body()).isEqualTo("{\"id\":" + id + ",\"version\":0,\"title\":\"Write docs\",\"status\":null,"
        + "\"priority\":2,\"dueDate\":\"2030-01-31\",\"estimate\":2.50,\"counter\":0,\"secret\":null}");
    assertThat(http.rows("http_tasks")).isEqualTo(1);
  }

  @Test
  void storeOfAnArrayIsABatchAnswered201WithItems() {
    Reply reply = http.post("/tasks", "[{\"title\":\"one\"},{\"title\":\"two\"}]");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("Location")).isNull();
    assertThat(reply.items()).extracting(item -> item.get("title")).containsExactly("one", "two");
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void indexAnswersOnePageWithTheTotal() {
    http.createTask("{\"title\":\"c\"}");
    http.createTask("{\"title\":\"a\"}");
    http.createTask("{\"title\":\"b\"}");

    Reply reply = http.get("/tasks?sort=title&size=2");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.items()).extracting(item -> item.get("title")).containsExactly("a", "b");
    assertThat(reply.map()).containsEntry("page", 1).containsEntry("size", 2).containsEntry("total", 3);
    assertThat(http.get("/tasks?sort=title&size=2&page=2").items()).extracting(item -> item.get("title"))
        .containsExactly("c");
  }

  @Test
  void indexUsesTheDefaultPageSizeOfThePath() {
    for (int i = 0; i < 4; i++) {
      http.createTask("{\"title\":\"t" + i + "\"}");
    }
    http.taskController.configure(Config.of(Map.of("defaultPageSize", 3)));

    Reply reply = http.get("/tasks");

    assertThat(reply.map()).containsEntry("size", 3).containsEntry("total", 4);
    assertThat(reply.items()).hasSize(3);
  }

  @Test
  void countAnswersTheNumberOfMatchingRecords() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":2}");
    http.createTask("{\"title\":\"c\",\"priority\":3}");

    Reply reply = http.get("/tasks/count?priority[gt]=1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"count\":2}");
  }

  @Test
  void showAnswersTheRecordWithItsVersionAsEtag() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.patch("/tasks/" + id, "{\"title\":\"b\"}");

    Reply reply = http.get("/tasks/" + id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"1\"");
    assertThat(reply.map()).containsEntry("title", "b").containsEntry("version", 1);
  }

  @Test
  void showAnswers304WhenIfNoneMatchNamesTheCurrentVersionAnd200OnceItChanged() {
    long id = http.createTask("{\"title\":\"a\"}");

    Reply same = http.send("GET", "/tasks/" + id, null, "If-None-Match", "\"0\"");
    Reply weakInAList = http.send("GET", "/tasks/" + id, null, "If-None-Match", "\"7\", W/\"0\"");
    http.patch("/tasks/" + id, "{\"title\":\"b\"}");
    Reply changed = http.send("GET", "/tasks/" + id, null, "If-None-Match", "\"0\"");
    Reply embedding = http.send("GET", "/tasks/" + id + "?with=subtasks", null, "If-None-Match", "\"1\"");

    assertThat(same.status()).isEqualTo(304);
    assertThat(same.header("ETag")).isEqualTo("\"0\"");
    assertThat(same.body()).isEmpty();
    assertThat(weakInAList.status()).isEqualTo(304);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.header("ETag")).isEqualTo("\"1\"");
    assertThat(changed.map()).containsEntry("title", "b");
    assertThat(embedding.status()).as("embedded records do not change the tag: answered in full").isEqualTo(200);
  }

  @Test
  void a304CarriesNoContentLengthOfItsEmptyBody() throws Exception {
    long id = http.createTask("{\"title\":\"a\"}");
    String full = http.get("/tasks/" + id).header("Content-Length");

    for (String method : List.of("GET", "HEAD")) {
      RawHttp.Response notModified = RawHttp.exchange(http.server.port(), method + " /tasks/" + id + " HTTP/1.1\r\n"
          + "Host: localhost\r\nIf-None-Match: \"0\"\r\nConnection: close\r\n\r\n");

      assertThat(notModified.status()).isEqualTo(304);
      // RFC 9110 8.6: a 304's Content-Length, if any, is the length of the 200's content; 0 told a cache that
      // the record it kept (of `full` bytes) is now empty
      assertThat(notModified.header("Content-Length")).as(method + " " + notModified).isIn(null, full);
      assertThat(notModified.header("ETag")).isEqualTo("\"0\"");
      assertThat(notModified.body()).isEmpty();
    }
  }

  @Test
  void showAnswers412WhenIfMatchNamesNoLongerTheCurrentVersionAsADownloadDoes() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.patch("/tasks/" + id, "{\"title\":\"b\"}");

    Reply stale = http.send("GET", "/tasks/" + id, null, "If-Match", "\"0\"");
    Reply weak = http.send("GET", "/tasks/" + id, null, "If-Match", "W/\"1\"");
    Reply current = http.send("GET", "/tasks/" + id, null, "If-Match", "\"7\", \"1\"");
    Reply any = http.send("GET", "/tasks/" + id, null, "If-Match", "*");
    Reply head = http.send("HEAD", "/tasks/" + id, null, "If-Match", "\"0\"");

    // before, If-Match was passed over on a read: the client that asked for version 0 got version 1 with a 200
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
    assertThat(stale.map().get("detail")).isEqualTo("If-Match \"0\" does not name the current version of the record"
        + " tasks.show reads: its ETag is \"1\"; send its current ETag, or no If-Match to read it whatever it is");
    assertThat(weak.status()).as("If-Match compares strongly").isEqualTo(412);
    assertThat(current.status()).isEqualTo(200);
    assertThat(current.map()).containsEntry("title", "b");
    assertThat(any.status()).isEqualTo(200);
    assertThat(head.status()).isEqualTo(412);
  }

  @Test
  void aWriteWithIfNoneMatchRunsOnlyWhenTheRecordIsNotInAStateItNames() {
    long id = http.createTask("{\"title\":\"a\"}");

    Reply star = http.send("PUT", "/tasks/" + id, "{\"title\":\"b\"}", "If-None-Match", "*");
    Reply current = http.send("PATCH", "/tasks/" + id, "{\"title\":\"b\"}", "If-None-Match", "\"5\", W/\"0\"");
    Reply deleteCurrent = http.send("DELETE", "/tasks/" + id, null, "If-None-Match", "\"0\"");
    Reply other = http.send("PATCH", "/tasks/" + id, "{\"title\":\"c\"}", "If-None-Match", "\"7\"");
    Reply missing = http.send("PATCH", "/tasks/987654", "{\"title\":\"c\"}", "If-None-Match", "*");
    Reply batch = http.send("PATCH", "/tasks", "[{\"id\":" + id + ",\"title\":\"d\"}]", "If-None-Match", "*");

    assertThat(star.status()).as("* matches any record: PUT with it never replaces one").isEqualTo(412);
    assertThat(star.map().get("detail")).asString().startsWith("If-None-Match * matches task " + id);
    assertThat(current.status()).isEqualTo(412);
    assertThat(deleteCurrent.status()).isEqualTo(412);
    assertThat(other.status()).as(other.body()).isEqualTo(200);
    assertThat(other.header("ETag")).isEqualTo("\"1\"");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.map().get("detail")).isEqualTo("If-None-Match applies to one record; send it on the record's own"
        + " URL, not with a batch");
    assertThat(http.query("select title, version from http_tasks")).containsExactly(Map.of("title", "c", "version", 1L));
  }

  @Test
  void aCreateWithAConditionalHeaderIsA400AndWritesNothing() {
    Reply ifNoneMatch = http.send("POST", "/tasks", "{\"title\":\"a\"}", "If-None-Match", "*");
    Reply ifMatch = http.send("POST", "/tasks", "{\"title\":\"b\"}", "If-Match", "\"0\"");
    Reply malformed = http.send("POST", "/tasks", "{\"title\":\"c\"}", "If-Match", "garbage");
    Reply batch = http.send("POST", "/tasks", "[{\"title\":\"d\"}]", "If-None-Match", "*");
    Reply batchIfMatch = http.send("POST", "/tasks", "[{\"title\":\"e\"}]", "If-Match", "*");

    assertThat(ifNoneMatch.status()).as(ifNoneMatch.body()).isEqualTo(400);
    assertThat(ifNoneMatch.map().get("detail")).isEqualTo("If-None-Match names a version of a record, and tasks.store"
        + " creates a new one that no tag can name yet; send the create without it, or send If-None-Match with PUT,"
        + " PATCH or DELETE on the record's own URL");
    assertThat(ifMatch.status()).isEqualTo(400);
    assertThat(ifMatch.map().get("detail")).isEqualTo("If-Match names a version of a record, and tasks.store"
        + " creates a new one that no tag can name yet; send the create without it, or send If-Match with PUT,"
        + " PATCH or DELETE on the record's own URL");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(batch.status()).isEqualTo(400);
    assertThat(batchIfMatch.status()).isEqualTo(400);
    assertThat(http.query("select title from http_tasks")).as("nothing was written").isEmpty();
  }

  @Test
  void aMalformedIfNoneMatchOnAWriteIsA400InsteadOfAWriteWithoutTheCondition() {
    long id = http.createTask("{\"title\":\"a\"}");

    for (String header : List.of("0", "abc", "W/", "\"0", "\"0\", 0", " ")) {
      for (String method : List.of("PATCH", "PUT", "DELETE")) {
        Reply reply = http.send(method, "/tasks/" + id, method.equals("DELETE") ? null : "{\"title\":\"b\"}",
            "If-None-Match", header);

        assertThat(reply.status()).as(method + " with If-None-Match '" + header + "': " + reply.body()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.map().get("detail")).isEqualTo("If-None-Match '" + header.strip() + "' is not an entity tag:"
            + " send the ETag you read in its double quotes, like \"3\", a list of them separated by commas, or *");
      }
    }
    Reply emptyElements = http.send("PATCH", "/tasks/" + id, "{\"title\":\"c\"}", "If-None-Match", "\"7\", , W/\"8\"");

    assertThat(emptyElements.status()).as(emptyElements.body()).isEqualTo(200);
    assertThat(http.query("select title, version from http_tasks")).containsExactly(Map.of("title", "c", "version", 1L));
  }

  @Test
  void anAcceptHeaderThatAdmitsNoJsonIs406NamingWhatTheResourceAnswers() {
    long id = http.createTask("{\"title\":\"a\"}");

    Reply xml = http.send("GET", "/tasks/" + id, null, "Accept", "application/xml");
    Reply refusedJson = http.send("GET", "/tasks", null, "Accept", "application/json;q=0, text/plain");
    Reply browser = http.send("GET", "/tasks/" + id, null, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    Reply problemOnly = http.send("GET", "/tasks/" + id, null, "Accept", "application/problem+json");

    assertThat(xml.status()).isEqualTo(406);
    assertThat(xml.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat((String) xml.map().get("message")).contains("application/xml").contains("application/json");
    assertThat(refusedJson.status()).isEqualTo(406);
    assertThat(browser.status()).isEqualTo(200);
    assertThat(problemOnly.status()).isEqualTo(200);
  }

  /**
   * The most specific range that covers JSON decides (RFC 9110, 12.5.1), as on the change feed: a client that refuses
   * JSON by name is not sent it because a wildcard takes anything else. {@code application/json;q=0, *}{@code /*} was
   * answered JSON.
   */
  @Test
  void jsonRefusedByNameIs406WhateverAWildcardAdmits() {
    long id = http.createTask("{\"title\":\"a\"}");

    for (String accept : new String[] {"application/json;q=0, */*", "application/json;q=0, application/*",
        "application/*;q=0, */*", "*/*, application/json;q=0.0"}) {
      Reply refused = http.send("GET", "/tasks/" + id, null, "Accept", accept);

      assertThat(refused.status()).as(accept).isEqualTo(406);
      assertThat((String) refused.map().get("detail")).as(accept).contains("application/json");
    }
    for (String accept : new String[] {"*/*;q=0, application/json", "application/*;q=0, application/json;q=0.1",
        "application/json;q=0, application/problem+json", "text/html, */*;q=0.8"}) {
      assertThat(http.send("GET", "/tasks/" + id, null, "Accept", accept).status()).as(accept).isEqualTo(200);
    }
  }

  @Test
  void anAcceptHeaderOfBareSeparatorsRestrictsNothing() {
    long id = http.createTask("{\"title\":\"a\"}");

    // split without a limit makes ";" an empty array: these were 500s
    for (String accept : new String[] {";", ";;;", " ; ", ",", ", ;", "application/json;;"}) {
      assertThat(http.send("GET", "/tasks/" + id, null, "Accept", accept).status()).as("Accept: '%s'", accept).isEqualTo(200);
      assertThat(http.send("GET", "/tasks", null, "Accept", accept).status()).as("Accept: '%s' on the index", accept)
          .isIn(200, 406);
    }
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    long id = http.createTask("{\"title\":\"a\"}");

    Reply reply = http.send("HEAD", "/tasks/" + id, null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"0\"");
    assertThat(reply.body()).isEmpty();
  }

  @Test
  void patchChangesOnlyTheFieldsItNames() {
    long id = http.createTask("{\"title\":\"a\",\"priority\":5}");

    Reply reply = http.patch("/tasks/" + id, "{\"title\":\"b\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"1\"");
    assertThat(reply.map()).containsEntry("title", "b").containsEntry("priority", 5);
  }

  @Test
  void putReplacesEveryFillableField() {
    long id = http.createTask("{\"title\":\"a\",\"priority\":5}");

    Reply reply = http.put("/tasks/" + id, "{\"title\":\"b\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("title", "b").containsEntry("priority", null);
  }

  @Test
  void patchOfTheCollectionUpdatesEachRecordByItsId() {
    long a = http.createTask("{\"title\":\"a\"}");
    long b = http.createTask("{\"title\":\"b\"}");

    Reply reply = http.patch("/tasks", "[{\"id\":" + a + ",\"priority\":1},{\"id\":" + b + ",\"priority\":2}]");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.items()).extracting(item -> item.get("priority")).containsExactly(1, 2);
    assertThat(http.query("select priority from http_tasks order by id"))
        .extracting(row -> ((Number) row.get("priority")).intValue()).containsExactly(1, 2);
  }

  @Test
  void destroyAnswers204AndDeletesTheRow() {
    long id = http.createTask("{\"title\":\"a\"}");

    Reply reply = http.delete("/tasks/" + id);

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.body()).isEmpty();
    assertThat(http.rows("http_tasks")).isZero();
    assertThat(http.get("/tasks/" + id).status()).isEqualTo(404);
  }

  @Test
  void aDeleteOfOneRecordWithABodyIs400PointingAtTheBatchRoute() {
    long id = http.createTask("{\"title\":\"a\"}");
    long other = http.createTask("{\"title\":\"b\"}");

    Reply array = http.send("DELETE", "/tasks/" + id, "[" + id + "," + other + "]");
    Reply text = http.send("DELETE", "/tasks/" + id, "please", "Content-Type", "text/plain");
    Reply nested = http.send("DELETE", "/tasks/" + id + "/subtasks/1", "{}");

    for (Reply reply : List.of(array, text)) {
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.map().get("detail")).isEqualTo("tasks.destroy of one record takes no body; send it without one,"
          + " or send the JSON array of ids to the collection's URL (DELETE /tasks) to delete several");
    }
    assertThat(nested.status()).isEqualTo(400);
    assertThat(http.rows("http_tasks")).isEqualTo(2);
    assertThat(http.send("DELETE", "/tasks/" + id, "").status()).as("an empty body is no body").isEqualTo(204);
  }

  @Test
  void deleteOfTheCollectionDeletesEveryListedId() {
    long a = http.createTask("{\"title\":\"a\"}");
    long b = http.createTask("{\"title\":\"b\"}");
    long c = http.createTask("{\"title\":\"c\"}");

    Reply reply = http.send("DELETE", "/tasks", "[" + a + ",\"" + c + "\"]");

    assertThat(reply.status()).isEqualTo(204);
    assertThat(http.query("select id from http_tasks")).extracting(row -> ((Number) row.get("id")).longValue())
        .containsExactly(b);
  }

  /**
   * A delete batch reads a JSON number as the id it is, as a batch update's {@code id} and an association list do:
   * {@code 7.0} (as Python's {@code json.dumps} writes a float) was refused as "id '7.0' is not a valid Long" while
   * {@code 7e0} deleted record 7, and {@code 7.5} was not said to need a whole number.
   */
  @Test
  void aDeleteBatchReadsAWholeNumberWrittenWithAPointAsItsId() {
    long a = http.createTask("{\"title\":\"a\"}");
    long b = http.createTask("{\"title\":\"b\"}");
    long c = http.createTask("{\"title\":\"c\"}");

    Reply half = http.send("DELETE", "/tasks", "[" + a + ".5]");
    Reply reply = http.send("DELETE", "/tasks", "[" + a + ".0," + c + "e0]");

    assertThat(half.status()).isEqualTo(400);
    assertThat(half.map().get("detail")).isEqualTo("element 0 of the array: id '" + a + ".5' is not a valid Long; it must"
        + " be a whole number");
    assertThat(reply.status()).as(reply.body()).isEqualTo(204);
    assertThat(http.query("select id from http_tasks")).extracting(row -> ((Number) row.get("id")).longValue())
        .containsExactly(b);
  }

  @Test
  void aBatchDestroyWithIgnoreErrorsDeletesWhatExistsAndReportsTheRest() {
    long a = http.createTask("{\"title\":\"a\"}");

    Reply reply = http.send("DELETE", "/tasks?ignoreErrors=true", "[999999," + a + "]");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"records\":[{\"index\":0,\"status\":404,\"message\":\"task 999999 not found\"}]}");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aBatchUpdateWithoutIgnoreErrorsChangesNothingWhenOneRecordFails() {
    long a = http.createTask("{\"title\":\"a\"}");

    Reply reply = http.patch("/tasks", "[{\"id\":" + a + ",\"title\":\"b\"},{\"id\":999999,\"title\":\"c\"}]");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.map()).containsEntry("records",
        List.of(Map.of("index", 1, "status", 404, "message", "task 999999 not found")));
    assertThat(http.get("/tasks/" + a).map()).containsEntry("title", "a");
  }

  @Test
  void aBatchUpdateNamingOneIdTwiceRefusesTheLaterRecordNamingTheFirstAsADeleteDoes() {
    long a = http.createTask("{\"title\":\"a\"}");
    String body = "[{\"id\":" + a + ",\"title\":\"b\"},{\"id\":\"" + a + "\",\"title\":\"c\"}]";

    Reply refused = http.patch("/tasks", body);
    Reply kept = http.patch("/tasks?ignoreErrors=true", body);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.map()).containsEntry("records", List.of(Map.of("index", 1, "status", 400, "message",
        "record 1 of the update batch repeats the id " + a + " of record 0; name each task once",
        "errors", Map.of("id", List.of("repeats record 0")))));
    assertThat(kept.status()).isEqualTo(200);
    assertThat(kept.map()).containsEntry("records", List.of(Map.of("index", 1, "status", 400, "message",
        "record 1 of the update batch repeats the id " + a + " of record 0; name each task once",
        "errors", Map.of("id", List.of("repeats record 0")))));
    assertThat(http.get("/tasks/" + a).map()).containsEntry("title", "b");
  }

  @Test
  void ifMatchWithTheCurrentVersionUpdates() {
    long id = http.createTask("{\"title\":\"a\"}");
    String etag = http.get("/tasks/" + id).header("ETag");

    Reply reply = http.patch("/tasks/" + id, "{\"title\":\"b\"}", "If-Match", etag);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"1\"");
  }

  @Test
  void optionsAnswersTheAllowedMethods() {
    long id = http.createTask("{\"title\":\"a\"}");

    assertThat(http.send("OPTIONS", "/tasks", null).header("Allow")).isEqualTo("GET, HEAD, POST, PATCH, DELETE");
    assertThat(http.send("OPTIONS", "/tasks/" + id, null).header("Allow")).isEqualTo("GET, HEAD, PATCH, PUT, DELETE");
    assertThat(http.send("OPTIONS", "/tasks/count", null).header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void aMethodTheRouteDoesNotServeAnswers405WithAllow() {
    long id = http.createTask("{\"title\":\"a\"}");

    Reply onCollection = http.put("/tasks", "{\"title\":\"b\"}");
    Reply onItem = http.post("/tasks/" + id, "{\"title\":\"b\"}");
    Reply onCount = http.delete("/tasks/count");

    assertThat(onCollection.status()).isEqualTo(405);
    assertThat(onCollection.header("Allow")).isEqualTo("GET, HEAD, POST, PATCH, DELETE");
    assertThat(onCollection.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(onCollection.body()).isEqualTo("{\"title\":\"Method Not Allowed\",\"status\":405,"
        + "\"detail\":\"PUT is not supported on /tasks; use GET, HEAD, POST, PATCH, DELETE\","
        + "\"message\":\"PUT is not supported on /tasks; use GET, HEAD, POST, PATCH, DELETE\"}");
    assertThat(onItem.map()).containsEntry("detail", "POST is not supported on /tasks/" + id
        + " (/tasks/{id}); use GET, HEAD, PATCH, PUT, DELETE");
    assertThat(onItem.header("Allow")).isEqualTo("GET, HEAD, PATCH, PUT, DELETE");
    assertThat(onCount.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(http.get("/tasks/" + id).map()).containsEntry("title", "a");
  }

  /**
   * A read whose answer has no entity tag — a page, a count, an export, a record without a version — cannot hold an
   * {@code If-Match} that names a tag (RFC 9110, 13.1.1: none of the tags is the representation's, so the condition is
   * false): a 412, after the read ran as it would for a 200, as for a record whose tag differs. It was answered 200 as if
   * the condition had not been sent. {@code If-Match: *} holds: there is a representation.
   */
  @Test
  void aReadWithoutAnEtagIs412ForAnIfMatchThatNamesATag() {
    long task = http.createTask("{\"title\":\"a\"}");
    long subtask = http.createSubtask(task, "{\"title\":\"s\"}");

    for (String url : List.of("/tasks", "/tasks/count", "/tasks.csv", "/tasks/" + task + "/subtasks",
        "/tasks/" + task + "/subtasks/" + subtask)) {
      Reply tagged = http.send("GET", url, null, "If-Match", "\"0\"");
      Reply any = http.send("GET", url, null, "If-Match", "*");

      assertThat(tagged.status()).as(url + " " + tagged.body()).isEqualTo(412);
      assertThat(tagged.header("Content-Type")).as(url).startsWith("application/problem+json");
      assertThat(tagged.map().get("detail").toString()).as(url).contains("answers no ETag, so If-Match \"0\" names"
          + " none of its versions; send no If-Match, or If-Match: *");
      assertThat(any.status()).as(url).isEqualTo(200);
    }
    assertThat(http.send("GET", "/tasks?priority=x", null, "If-Match", "\"0\"").status())
        .as("a bad query is answered first").isEqualTo(400);
  }

  /**
   * {@code If-None-Match: *} on a read whose answer has no entity tag — a page, a count, a record without a version —
   * is false, as there is a representation (RFC 9110, 13.1.2): a 304 without a body, after the read ran as it would
   * for a 200, as for a record whose tag it names. It was answered 200 as if it had not been sent. A list of tags
   * names none of such an answer's, so it holds: a 200.
   */
  @Test
  void aReadWithoutAnEtagIs304ForIfNoneMatchStar() {
    long task = http.createTask("{\"title\":\"a\"}");
    long subtask = http.createSubtask(task, "{\"title\":\"s\"}");

    for (String url : List.of("/tasks", "/tasks/count", "/tasks/" + task + "/subtasks",
        "/tasks/" + task + "/subtasks/" + subtask)) {
      Reply any = http.send("GET", url, null, "If-None-Match", "*");
      Reply tags = http.send("GET", url, null, "If-None-Match", "\"0\", W/\"1\"");

      assertThat(any.status()).as(url + " " + any.body()).isEqualTo(304);
      assertThat(any.body()).as(url).isEmpty();
      assertThat(any.header("ETag")).as(url).isNull();
      assertThat(tags.status()).as(url).isEqualTo(200);
    }
    assertThat(http.send("GET", "/tasks?priority=x", null, "If-None-Match", "*").status())
        .as("a bad query is answered first").isEqualTo(400);
    assertThat(http.send("GET", "/tasks?with=subtasks", null, "If-None-Match", "*").status())
        .as("an answer that embeds is sent whole, as a record's is").isEqualTo(200);
  }

  @Test
  void aDisabledActionAnswers405WithTheMethodsStillAllowed() {
    http.taskController.configure(Config.of(Map.of("insertable", false)));

    Reply reply = http.post("/tasks", "{\"title\":\"a\"}");

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.header("Allow")).isEqualTo("GET, HEAD, PATCH, DELETE");
    assertThat(reply.body()).isEqualTo("{\"title\":\"Method Not Allowed\",\"status\":405,"
        + "\"detail\":\"store is disabled on tasks.store (option 'insertable' is false)\","
        + "\"message\":\"store is disabled on tasks.store (option 'insertable' is false)\"}");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void optionsOverriddenForAPrefixApplyOnlyUnderIt() {
    http.taskController.configure(Config.empty().override("admin.**", Map.of("deletable", false, "editable", false)));
    long a = http.createTask("{\"title\":\"a\"}");
    long b = http.createTask("{\"title\":\"b\"}");

    Reply admin = http.delete("/admin/tasks/" + a);
    Reply plain = http.delete("/tasks/" + b);

    assertThat(admin.status()).isEqualTo(405);
    assertThat(admin.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(plain.status()).isEqualTo(204);
    assertThat(http.query("select id from http_tasks")).extracting(row -> ((Number) row.get("id")).longValue())
        .containsExactly(a);
  }

  @Test
  void anUnknownUrlAnswers404NamingTheResources() {
    Reply reply = http.get("/projects/1");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.body()).isEqualTo("{\"title\":\"Not Found\",\"status\":404,"
        + "\"detail\":\"no resource at /projects/1; the resources are [/tasks, /admin/tasks, /tasks/{id}/subtasks]\","
        + "\"message\":\"no resource at /projects/1; the resources are [/tasks, /admin/tasks, /tasks/{id}/subtasks]\"}");
  }

  @Test
  void anIdNotWrittenInCanonicalFormAddressesNoRecord() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.createSubtask(id, "{\"title\":\"x\"}");

    for (String written : List.of("+" + id, "%20" + id, id + "%20", "0" + id, "%2B" + id)) {
      for (String method : List.of("GET", "PATCH", "DELETE")) {
        Reply reply = http.send(method, "/tasks/" + written, method.equals("PATCH") ? "{\"priority\":2}" : null);

        assertThat(reply.status()).as(method + " /tasks/" + written).isEqualTo(404);
        assertThat(reply.map().get("detail")).as(method + " /tasks/" + written).asString()
            .startsWith("no task '").endsWith("'; an id in a URL is written in canonical form, here " + id
                + " (no plus sign, spaces or leading zeros)");
      }
      assertThat(http.get("/tasks/" + written + "/subtasks").status()).as(written).isEqualTo(404);
      assertThat(http.post("/tasks/" + written + "/complete", "{}").status()).as(written).isEqualTo(404);
    }
    assertThat(http.query("select priority, status from http_tasks"))
        .extracting(row -> row.get("priority") + " " + row.get("status")).as("neither patched nor completed")
        .containsExactly("null null");
    assertThat(http.rows("http_subtasks")).isEqualTo(1);
    assertThat(http.get("/tasks/" + id).status()).isEqualTo(200);
  }

  @Test
  void pathParametersAddressNoRecordNorCollection() {
    long id = http.createTask("{\"title\":\"a\"}");

    for (String url : List.of("/tasks/" + id + ";v=1", "/tasks/" + id + ";x", "/tasks;x=1", "/tasks/" + id + ";a=b/subtasks")) {
      for (String method : List.of("GET", "DELETE")) {
        Reply reply = http.send(method, url, null);

        assertThat(reply.status()).as(method + " " + url).isEqualTo(404);
        assertThat(reply.map().get("detail")).as(method + " " + url).isEqualTo("no resource at " + url
            + "; the URLs of this API take no path parameters (';' and what follows in a segment): leave them out, or"
            + " write a ';' that is part of an id as %3B");
      }
    }
    assertThat(http.rows("http_tasks")).isEqualTo(1);
  }

  @Test
  void theRootAnswers404NamingTheResourcesForEveryMethod() {
    for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
      Reply reply = http.send(method, "/", "{}");

      assertThat(reply.status()).as(method).isEqualTo(404);
      assertThat(reply.map().get("detail")).as(method + " " + reply)
          .isEqualTo("no resource at /; the resources are [/tasks, /admin/tasks, /tasks/{id}/subtasks]");
    }
  }

  @Test
  void aPrefixMountRunsTheSameControllerUnderItsOwnPaths() {
    List<String> paths = new ArrayList<>();
    http.on(http.taskController.events(), "onPreStore", args -> paths.add(args.path()));

    Reply reply = http.post("/admin/tasks", "{\"title\":\"a\"}");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("Location")).isEqualTo("/admin/tasks/" + reply.map().get("id"));
    assertThat(paths).containsExactly("admin.tasks.store");
    assertThat(http.get("/admin/tasks/" + reply.map().get("id")).status()).isEqualTo(200);
  }

  @Test
  void createNextPointsLocationAtTheCollection() {
    http.taskController.configure(Config.of(Map.of("createNext", true)));

    Reply reply = http.post("/tasks", "{\"title\":\"a\"}");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("Location")).isEqualTo("/tasks");
    assertThat(reply.header("Content-Location")).isEqualTo("/tasks/" + reply.map().get("id"));
  }

  @Test
  void aNestedStoreTakesTheParentFromTheUrl() {
    long task = http.createTask("{\"title\":\"parent\"}");

    Reply reply = http.post("/tasks/" + task + "/subtasks", "{\"title\":\"child\"}");

    assertThat(reply.status()).isEqualTo(201);
    Object id = reply.map().get("id");
    assertThat(reply.header("Location")).isEqualTo("/tasks/" + task + "/subtasks/" + id);
    assertThat(reply.header("ETag")).isNull();
    assertThat(reply.map()).containsEntry("task", (int) task).containsEntry("title", "child");
  }

  @Test
  void aNestedIndexListsOnlyTheParentsChildren() {
    long one = http.createTask("{\"title\":\"one\"}");
    long two = http.createTask("{\"title\":\"two\"}");
    http.createSubtask(one, "{\"title\":\"a\"}");
    http.createSubtask(two, "{\"title\":\"b\"}");
    http.createSubtask(one, "{\"title\":\"c\"}");

    Reply reply = http.get("/tasks/" + one + "/subtasks?sort=title");

    assertThat(reply.items()).extracting(item -> item.get("title")).containsExactly("a", "c");
    assertThat(reply.map()).containsEntry("total", 2);
    assertThat(http.get("/tasks/" + one + "/subtasks/count").map()).containsEntry("count", 2);
  }

  @Test
  void aChildAddressedUnderAnotherParentIsNotFound() {
    long one = http.createTask("{\"title\":\"one\"}");
    long two = http.createTask("{\"title\":\"two\"}");
    long child = http.createSubtask(one, "{\"title\":\"a\"}");

    Reply show = http.get("/tasks/" + two + "/subtasks/" + child);
    Reply delete = http.delete("/tasks/" + two + "/subtasks/" + child);

    assertThat(show.status()).isEqualTo(404);
    assertThat(show.map()).containsEntry("detail", "subtask " + child + " not found under task " + two);
    assertThat(delete.status()).isEqualTo(404);
    assertThat(http.rows("http_subtasks")).isEqualTo(1);
    assertThat(http.patch("/tasks/" + one + "/subtasks/" + child, "{\"done\":true}").map()).containsEntry("done", true);
  }

  @Test
  void aNestedCallUnderAMissingParentIsNotFound() {
    Reply reply = http.post("/tasks/999999/subtasks", "{\"title\":\"orphan\"}");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(http.rows("http_subtasks")).isZero();
  }

  @Test
  void aNestedStoreNamingAnotherParentIsRefused() {
    long one = http.createTask("{\"title\":\"one\"}");
    long two = http.createTask("{\"title\":\"two\"}");

    Reply reply = http.post("/tasks/" + one + "/subtasks", "{\"title\":\"a\",\"task\":" + two + "}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.map()).containsEntry("detail", "'task' of a new subtask is given by the URL (" + one
        + "), but the body says " + two + "; leave it out of the body");
    assertThat(http.rows("http_subtasks")).isZero();
  }

  /**
   * The parent a nested body names is compared as the id it is: {@code "task": 7.0} (a float from Python's
   * {@code json.dumps}) or {@code 7e0} names task 7, as {@code 7} and {@code "7"} do, where it was "the URL (7), but
   * the body says 7.0" (or {@code 7E+0}); and a nested batch update reads {@code "id": 3.0} as a top-level one does,
   * where it was "id '3.0' is not a valid Long".
   */
  @Test
  void aNestedBodyNamingItsParentOrAChildWithAPointNamesTheSameRecord() {
    long one = http.createTask("{\"title\":\"one\"}");
    long two = http.createTask("{\"title\":\"two\"}");

    Reply stored = http.post("/tasks/" + one + "/subtasks", "{\"title\":\"a\",\"task\":" + one + ".0}");
    long child = ((Number) stored.map().get("id")).longValue();
    Reply exponent = http.post("/tasks/" + one + "/subtasks", "{\"title\":\"b\",\"task\":" + one + "e0}");
    Reply updated = http.patch("/tasks/" + one + "/subtasks/" + child, "{\"title\":\"a2\",\"task\":" + one + ".00}");
    Reply batch = http.patch("/tasks/" + one + "/subtasks", "[{\"id\":" + child + ".0,\"title\":\"a3\"}]");
    Reply other = http.post("/tasks/" + one + "/subtasks", "{\"title\":\"c\",\"task\":" + two + ".0}");
    Reply half = http.post("/tasks/" + one + "/subtasks", "{\"title\":\"d\",\"task\":" + one + ".5}");

    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    assertThat(exponent.status()).as(exponent.body()).isEqualTo(201);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(batch.status()).as(batch.body()).isEqualTo(200);
    assertThat(http.get("/tasks/" + one + "/subtasks/" + child).map()).containsEntry("title", "a3");
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.map()).containsEntry("detail", "'task' of a new subtask is given by the URL (" + one
        + "), but the body says " + two + ".0; leave it out of the body");
    assertThat(half.status()).isEqualTo(400);
    assertThat(http.rows("http_subtasks")).isEqualTo(2);
  }

  @Test
  void aNestedReplacementKeepsTheParentTheUrlNames() {
    long one = http.createTask("{\"title\":\"one\"}");
    long child = http.createSubtask(one, "{\"title\":\"a\",\"done\":true}");

    Reply replaced = http.put("/tasks/" + one + "/subtasks/" + child, "{\"title\":\"replaced\"}");

    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(http.query("select title, done, task_id from http_subtasks")).containsExactly(
        Map.of("title", "replaced", "done", false, "task_id", one));
    assertThat(http.get("/tasks/" + one + "/subtasks/" + child).status()).isEqualTo(200);
  }

  @Test
  void withEmbedsAssociationsAndFieldsKeepsOnlyTheNamedAttributes() {
    long task = http.createTask("{\"title\":\"parent\",\"priority\":1}");
    http.createSubtask(task, "{\"title\":\"a\"}");

    Reply embedded = http.get("/tasks/" + task + "?with=subtasks&fields=title");
    Reply sparse = http.get("/tasks?fields=id,title");

    assertThat(embedded.map()).containsOnlyKeys("title", "subtasks");
    assertThat(embedded.map().get("subtasks")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement().asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("title", "a");
    assertThat(sparse.items()).singleElement().isEqualTo(Map.of("id", (int) task, "title", "parent"));
  }
  @Test
  void jsonAnswersTellBrowsersNotToSniffTheirType() {
    long id = http.createTask("{\"title\":\"<script>alert(1)</script>\"}");

    Reply shown = http.get("/tasks/" + id);
    Reply missing = http.get("/tasks/" + (id + 1000));

    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void theCountRefusesPagingSortingAndFieldsNamingThemAndKeepsItsFilters() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":2}");

    Reply paged = http.get("/tasks/count?page=2&sort=id&fields=id");
    Reply sized = http.get("/tasks/count?priority=1&size=1");
    Reply embedded = http.get("/tasks/count?with=subtasks");
    Reply filtered = http.get("/tasks/count?priority[gte]=2");

    // before, each was a 200 with the count of every match, as if page, sort and fields had been read
    assertThat(paged.status()).isEqualTo(400);
    assertThat(paged.map().get("detail")).isEqualTo("tasks.index as a count takes filters only (such as status=OPEN or"
        + " priority[gte]=3); 'page' does not apply to a count: leave it out, or use the collection's index for a page"
        + " of records");
    assertThat(sized.status()).isEqualTo(400);
    assertThat((String) sized.map().get("detail")).contains("'size' does not apply to a count");
    assertThat(embedded.status()).isEqualTo(400);
    assertThat((String) embedded.map().get("detail")).contains("'with' does not apply to a count");
    assertThat(filtered.status()).isEqualTo(200);
    assertThat(filtered.map()).isEqualTo(Map.of("count", 1));
  }
}
