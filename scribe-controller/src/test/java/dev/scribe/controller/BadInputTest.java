package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of bad input is answered with a clear 4xx problem body, and nothing is written: after each
 * test both tables hold exactly what they held before.
 */
class BadInputTest {
  private static final String SETTABLE = "settable fields: title, status, priority, dueDate, estimate, counter, subtasks";
  private static final String FILTERABLE = "id, version, title, status, priority, dueDate, estimate, counter, secret";

  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private long id;
  private List<Map<String, Object>> tasksBefore;
  private List<Map<String, Object>> subtasksBefore;

  @BeforeEach
  void oneTaskWithOneSubtask() {
    id = http.createTask("{\"title\":\"existing\",\"priority\":1}");
    http.createSubtask(id, "{\"title\":\"child\"}");
    tasksBefore = http.query("select * from http_tasks order by id");
    subtasksBefore = http.query("select * from http_subtasks order by id");
  }

  @AfterEach
  void nothingWasWritten() {
    assertThat(http.query("select * from http_tasks order by id")).isEqualTo(tasksBefore);
    assertThat(http.query("select * from http_subtasks order by id")).isEqualTo(subtasksBefore);
  }

  private static String problem(int status, String title, String message) {
    String quoted = quote(message);
    return "{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":" + quoted + ",\"message\":" + quoted + "}";
  }

  private static String problem(int status, String title, String message, String field, String fieldMessage) {
    String quoted = quote(message);
    return "{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":" + quoted + ",\"message\":" + quoted
        + ",\"errors\":{\"" + field + "\":[" + quote(fieldMessage) + "]}}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void assertProblem(Reply reply, int status, String body) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.body()).isEqualTo(body);
  }

  // ---- bodies ----

  @Test
  void malformedJsonIs400SayingWhere() {
    assertProblem(http.post("/tasks", "{\"title\":"), 400, problem(400, "Bad Request",
        "the request body is not valid JSON at line 1, column 10: Unexpected end-of-input within/between Object entries"));
  }

  @Test
  void aDuplicateKeyIsMalformedJson() {
    assertProblem(http.post("/tasks", "{\"title\":\"x\",\"title\":\"y\"}"), 400, problem(400, "Bad Request",
        "the request body is not valid JSON at line 1, column 21: Duplicate field 'title'"));
  }

  @Test
  void anEmptyBodyIs400() {
    assertProblem(http.post("/tasks", ""), 400, problem(400, "Bad Request",
        "tasks.store expects one record as a JSON object, or a batch as an array of objects, but the body is empty"));
  }

  @Test
  void aScalarWhereAnObjectIsExpectedIs400() {
    assertProblem(http.post("/tasks", "\"just a string\""), 400, problem(400, "Bad Request",
        "tasks.store expects one record as a JSON object, or a batch as an array of objects,"
            + " but the body is the string \"just a string\""));
  }

  @Test
  void anArrayWhereAnObjectIsExpectedIs400() {
    assertProblem(http.patch("/tasks/" + id, "[{\"title\":\"x\"}]"), 400, problem(400, "Bad Request",
        "tasks.update expects a JSON object with the fields to change, but the body is an array"));
  }

  @Test
  void anObjectWhereAnArrayIsExpectedIs400() {
    assertProblem(http.patch("/tasks", "{\"title\":\"x\"}"), 400, problem(400, "Bad Request",
        "tasks.update on the collection expects a JSON array of objects that carry their 'id', but the body is an"
            + " object; to update one record, send the object to its own URL"));
    assertProblem(http.send("DELETE", "/tasks", "{\"id\":" + id + "}"), 400, problem(400, "Bad Request",
        "tasks.destroy on the collection expects a JSON array of ids, but the body is an object; to delete one"
            + " record, send DELETE to its own URL"));
  }

  @Test
  void badElementsOfABatchAre400NamingTheIndex() {
    assertProblem(http.post("/tasks", "[{\"title\":\"ok\"},2]"), 400, problem(400, "Bad Request",
        "tasks.store: element 1 of the array is the number 2; every element must be a JSON object"));
    assertProblem(http.post("/tasks", "[]"), 400, problem(400, "Bad Request",
        "tasks.store got an empty array; send at least one object"));
    assertProblem(http.patch("/tasks", "[{\"title\":\"x\"}]"), 400, problem(400, "Bad Request",
        "tasks.update: element 0 of the array has no 'id'; every element must carry the id of the record to update"));
    assertProblem(http.send("DELETE", "/tasks", "[{\"id\":1}]"), 400, problem(400, "Bad Request",
        "tasks.destroy: element 0 of the array is an object; every element must be an id (a number or a string)"));
  }

  @Test
  void aValueOfTheWrongTypeIs400NamingTheField() {
    assertProblem(http.post("/tasks", "{\"title\":\"x\",\"priority\":\"high\"}"), 400, problem(400, "Bad Request",
        "priority: 'high' is not a valid Integer", "priority", "'high' is not a valid Integer"));
    assertProblem(http.post("/tasks", "{\"title\":{\"nested\":1}}"), 400, problem(400, "Bad Request",
        "title: '{nested=1}' is not a valid String", "title", "'{nested=1}' is not a valid String"));
    assertProblem(http.patch("/tasks/" + id, "{\"dueDate\":\"tomorrow\"}"), 400, problem(400, "Bad Request",
        "dueDate: 'tomorrow' is not a valid LocalDate", "dueDate", "'tomorrow' is not a valid LocalDate"));
    assertProblem(http.post("/tasks", "{\"title\":\"x\",\"status\":\"LATER\"}"), 400, problem(400, "Bad Request",
        "status: 'LATER' is not a valid TaskStatus; allowed: OPEN, DONE", "status",
        "'LATER' is not a valid TaskStatus; allowed: OPEN, DONE"));
  }

  @Test
  void anUnknownFieldIs400ListingTheSettableFields() {
    assertProblem(http.post("/tasks", "{\"title\":\"x\",\"colour\":\"red\"}"), 400, problem(400, "Bad Request",
        "cannot set colour on task; " + SETTABLE, "colour", "is not an attribute of task"));
  }

  @Test
  void guardedFieldsAre400() {
    assertProblem(http.post("/tasks", "{\"title\":\"x\",\"id\":5}"), 400, problem(400, "Bad Request",
        "cannot set id on task; " + SETTABLE, "id", "is the id and cannot be set from params"));
    assertProblem(http.patch("/tasks/" + id, "{\"version\":7}"), 400, problem(400, "Bad Request",
        "cannot set version on task; " + SETTABLE, "version",
        "is the version and cannot be set from params; send the expected version instead"));
    assertProblem(http.post("/tasks", "{\"title\":\"x\",\"secret\":\"s\"}"), 400, problem(400, "Bad Request",
        "cannot set secret on task; " + SETTABLE, "secret", "is guarded and cannot be set from params"));
  }

  @Test
  void aConstraintViolationIs422WithTheFieldErrors() {
    assertProblem(http.post("/tasks", "{\"title\":\"\"}"), 422, problem(422, "Unprocessable Content",
        "validation failed", "title", "must not be blank"));
  }

  @Test
  void aBatchWithSeveralInvalidRecordsReportsEachByIndexAndWritesNone() {
    Reply reply = http.post("/tasks", "[{\"title\":\"\"},{\"title\":\"ok\"},{\"title\":\"x\",\"colour\":1}]");

    assertProblem(reply, 422, "{\"title\":\"Unprocessable Content\",\"status\":422,"
        + "\"detail\":\"validation failed; cannot set colour on task; " + SETTABLE + "\","
        + "\"message\":[\"validation failed\",\"cannot set colour on task; " + SETTABLE + "\"],"
        + "\"records\":[{\"index\":0,\"status\":422,\"message\":\"validation failed\",\"errors\":{\"title\":[\"must not be blank\"]}},"
        + "{\"index\":2,\"status\":400,\"message\":\"cannot set colour on task; " + SETTABLE + "\","
        + "\"errors\":{\"colour\":[\"is not an attribute of task\"]}}]}");
  }

  @Test
  void anOversizedBodyIs413() {
    String big = "{\"title\":\"" + "x".repeat(1 << 20) + "\"}";

    assertProblem(http.post("/tasks", big), 413, problem(413, "Content Too Large",
        "the request body has 1048588 bytes; the limit is 1048576 bytes"));
  }

  @Test
  void theBodyLimitIsConfigurable() {
    try (HttpApp small = HttpApp.start(scribe -> scribe, app -> app.maxBodyBytes(16))) {
      assertProblem(small.post("/tasks", "{\"title\":\"seventeen chars\"}"), 413, problem(413, "Content Too Large",
          "the request body has 27 bytes; the limit is 16 bytes"));
      assertProblem(small.postChunked("/tasks", "{\"title\":\"seventeen chars\"}"), 413, problem(413,
          "Content Too Large", "the request body is larger than the limit of 16 bytes"));
      assertThat(small.rows("http_tasks")).isZero();
    }
  }

  @Test
  void aNonJsonContentTypeIs415() {
    Reply form = http.send("POST", "/tasks", "title=x", "Content-Type", "application/x-www-form-urlencoded");
    Reply text = http.send("POST", "/tasks", "{\"title\":\"x\"}", "Content-Type", "text/plain");

    assertProblem(form, 415, problem(415, "Unsupported Media Type",
        "Content-Type 'application/x-www-form-urlencoded' is not supported; send the body as application/json"));
    assertProblem(text, 415, problem(415, "Unsupported Media Type",
        "Content-Type 'text/plain' is not supported; send the body as application/json"));
    assertThat(text.header("Accept-Post")).isEqualTo("application/json");
  }

  @Test
  void aJsonMediaTypeWithACharsetOrSuffixIsAccepted() {
    Reply charset = http.send("POST", "/tasks", "{\"title\":\"x\"}", "Content-Type", "application/json; charset=utf-8");
    Reply suffix = http.send("POST", "/tasks", "{\"title\":\"y\"}", "Content-Type", "application/merge-patch+json");

    assertThat(charset.status()).isEqualTo(201);
    assertThat(suffix.status()).isEqualTo(201);
    http.delete("/tasks/" + charset.map().get("id"));
    http.delete("/tasks/" + suffix.map().get("id"));
  }

  // ---- ids ----

  @Test
  void anUnknownIdIs404() {
    assertProblem(http.get("/tasks/999999"), 404, problem(404, "Not Found", "task 999999 not found"));
    assertProblem(http.patch("/tasks/999999", "{\"title\":\"x\"}"), 404, problem(404, "Not Found", "task 999999 not found"));
    assertProblem(http.delete("/tasks/999999"), 404, problem(404, "Not Found", "task 999999 not found"));
  }

  @Test
  void aNonNumericIdIs400() {
    String body = problem(400, "Bad Request", "id 'abc' is not a valid Long", "id", "'abc' is not a valid Long");
    assertProblem(http.get("/tasks/abc"), 400, body);
    assertProblem(http.patch("/tasks/abc", "{\"title\":\"x\"}"), 400, body);
    assertProblem(http.delete("/tasks/abc"), 400, body);
  }

  @Test
  void aNonNumericParentIdIs400() {
    assertProblem(http.get("/tasks/abc/subtasks"), 400, problem(400, "Bad Request",
        "the parent task id in the URL is invalid: id 'abc' is not a valid Long"));
  }

  @Test
  void aStaleIfMatchIs412() {
    String stale = problem(412, "Precondition Failed",
        "task " + id + " is at version 0, not at the expected version 9; reload it and retry");
    assertProblem(http.patch("/tasks/" + id, "{\"title\":\"x\"}", "If-Match", "\"9\""), 412, stale);
    assertProblem(http.delete("/tasks/" + id, "If-Match", "\"9\""), 412, stale);
  }

  @Test
  void aMalformedIfMatchIs400() {
    assertProblem(http.patch("/tasks/" + id, "{\"title\":\"x\"}", "If-Match", "nonsense"), 400, problem(400,
        "Bad Request", "If-Match 'nonsense' is not an entity tag of this API; send the ETag you read, like \"3\""));
  }

  @Test
  void ifMatchOnAnUnversionedRecordIs400() {
    long child = ((Number) http.get("/tasks/" + id + "/subtasks").items().get(0).get("id")).longValue();

    assertProblem(http.patch("/tasks/" + id + "/subtasks/" + child, "{\"done\":true}", "If-Match", "\"0\""), 400,
        problem(400, "Bad Request", "If-Match was sent to tasks.subtasks.update, but subtask records have no version"
            + " to compare; send the request without If-Match"));
  }

  // ---- index queries ----

  @Test
  void anUnknownFilterFieldIs400() {
    String message = "tasks cannot be filtered by 'colour'; use one of " + FILTERABLE;
    assertProblem(http.get("/tasks?colour=red"), 400, problem(400, "Bad Request", message, "colour", message));
  }

  @Test
  void anUnknownOperatorIs400() {
    String message = "priority[between]: unknown operator 'between'; allowed: eq, ne, gt, gte, lt, lte, in, like";
    assertProblem(http.get("/tasks?priority[between]=1"), 400, problem(400, "Bad Request", message, "priority", message));
  }

  @Test
  void anUnconvertibleFilterValueIs400() {
    assertProblem(http.get("/tasks?priority=high"), 400, problem(400, "Bad Request",
        "priority: 'high' is not a valid Integer", "priority", "'high' is not a valid Integer"));
    assertProblem(http.get("/tasks?priority[in]=1,x"), 400, problem(400, "Bad Request",
        "priority: 'x' is not a valid Integer", "priority", "'x' is not a valid Integer"));
  }

  @Test
  void anUnknownSortFieldIs400() {
    String message = "tasks cannot be sorted by 'colour'; use one of " + FILTERABLE;
    assertProblem(http.get("/tasks?sort=-colour"), 400, problem(400, "Bad Request", message, "colour", message));
  }

  @Test
  void sqlMetacharactersInAFilterValueAreJustData() {
    Reply reply = http.get("/tasks?title=x%27%3B%20drop%20table%20http_tasks%3B--");
    Reply like = http.get("/tasks?title[like]=%25%27%20or%20%271%27%3D%271");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("total", 0);
    assertThat(like.map()).containsEntry("total", 0);
  }

  @Test
  void aPageSizeOverTheMaximumIs400() {
    assertProblem(http.get("/tasks?size=101"), 400, problem(400, "Bad Request",
        "size 101 is larger than the maximum page size of tasks.index; ask for at most 100"));
  }

  @Test
  void aNegativeOrZeroPageIs400() {
    assertProblem(http.get("/tasks?page=-1"), 400, problem(400, "Bad Request",
        "page: -1 is not allowed; use a whole number of 1 or more", "page", "-1 is not allowed; use a whole number of 1 or more"));
    assertProblem(http.get("/tasks?page=0"), 400, problem(400, "Bad Request",
        "page: 0 is not allowed; use a whole number of 1 or more", "page", "0 is not allowed; use a whole number of 1 or more"));
    assertProblem(http.get("/tasks?size=abc"), 400, problem(400, "Bad Request",
        "size: 'abc' is not a number; use a whole number of 1 or more", "size",
        "'abc' is not a number; use a whole number of 1 or more"));
  }

  @Test
  void unknownWithOrFieldsNamesAre400() {
    assertProblem(http.get("/tasks?with=colour"), 400, problem(400, "Bad Request",
        "with=colour: task has no association 'colour'; tasks.index can embed [subtasks]"));
    assertProblem(http.get("/tasks?fields=colour"), 400, problem(400, "Bad Request",
        "fields=colour: task has no attribute 'colour'; its attributes are [id, version, title, status, priority,"
            + " dueDate, estimate, counter, secret, subtasks]"));
  }

  @Test
  void aBadQueryOnAWriteIsRefusedBeforeAnythingIsWritten() {
    assertProblem(http.post("/tasks?with=colour", "{\"title\":\"x\"}"), 400, problem(400, "Bad Request",
        "with=colour: task has no association 'colour'; tasks.store can embed [subtasks]"));
    assertProblem(http.post("/tasks?ignoreErrors=maybe", "[{\"title\":\"x\"}]"), 400, problem(400, "Bad Request",
        "'ignoreErrors' must be true or false, not 'maybe'"));
  }
}
