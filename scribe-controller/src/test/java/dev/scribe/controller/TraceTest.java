package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.HandlerSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** X-Scribe-* trace headers, the path blacklist, and the event catalogue at /_scribe/events. */
class TraceTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start(scribe -> scribe.trace(true), app -> app
      .trace(TraceOptions.enabled().blacklist("/admin/**"))
      .introspection(true));

  @Test
  void aTracedRequestAnswersWithTheXScribeHeaders() {
    http.on(http.taskController.events(), "onPreStore", args -> {});
    http.taskController.events().on(HandlerSpec.of("onPostStore").name("audit"), args -> {});

    Reply reply = http.post("/tasks", "{\"title\":\"traced\"}");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("X-Scribe-Path")).isEqualTo("tasks.store");
    assertThat(reply.header("X-Scribe-Action")).isEqualTo("store");
    assertThat(reply.header("X-Scribe-Status")).isEqualTo("201");
    assertThat(reply.header("X-Scribe-Request-Id")).matches("[0-9a-f]{16}");
    assertThat(reply.header("X-Scribe-Duration")).matches("\\d+\\.\\d{3}ms");
    assertThat(reply.header("X-Scribe-Handlers")).startsWith("controller.onPreStore:lambda#")
        .endsWith(", controller.onPostStore:audit");
  }

  @Test
  void aFailedRequestIsTracedWithItsStatus() {
    Reply reply = http.get("/tasks/424242");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("X-Scribe-Path")).isEqualTo("tasks.show");
    assertThat(reply.header("X-Scribe-Status")).isEqualTo("404");
  }

  // the header lists the handlers that ran: a request that ran none says so with an empty list, as the log line's
  // handlers=[] does. Before, the header was left out, as it is when the kernel does not trace and nothing is known
  @Test
  void aRequestThatRanNoHandlerSendsAnEmptyHandlerList() {
    Reply reply = http.get("/tasks/424242");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.headers().firstValue("X-Scribe-Handlers")).hasValue("");
    try (HttpApp untraced = HttpApp.start(scribe -> scribe, app -> app.trace(TraceOptions.enabled().log(false)))) {
      assertThat(untraced.get("/tasks/424242").headers().firstValue("X-Scribe-Handlers")).isEmpty();
    }
  }

  @Test
  void aBlacklistedPathIsNotTraced() {
    Reply reply = http.get("/admin/tasks");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-scribe"));
  }

  @Test
  void onlyTheChosenItemsAreSent() {
    try (HttpApp narrow = HttpApp.start(scribe -> scribe, app -> app
        .trace(TraceOptions.enabled().items(TraceOptions.Item.PATH, TraceOptions.Item.DURATION).log(false)))) {
      Reply reply = narrow.get("/tasks");

      assertThat(reply.headers().map().keySet()).filteredOn(name -> name.toLowerCase().startsWith("x-scribe"))
          .containsExactlyInAnyOrder("x-scribe-path", "x-scribe-duration");
    }
  }

  @Test
  void theEventsEndpointListsEveryManagerWithItsHandlersInDispatchOrder() {
    http.taskController.events().on(HandlerSpec.of("onPreStore").name("stampOwner").priority(5).path("admin.**"),
        args -> {});

    Reply reply = http.get("/_scribe/events");

    assertThat(reply.status()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> managers = (List<Map<String, Object>>) reply.map().get("managers");
    assertThat(managers).extracting(m -> m.get("tier") + ":" + m.get("owner")).startsWith(
        "controller:tier", "controller:TaskController", "controller:Controller<Subtask>");
    Map<String, Object> taskController = managers.get(1);
    assertThat(events(taskController)).containsEntry("onStart", List.of(Map.of("name", "TaskController.onStart",
        "source", "OWN_METHOD", "priority", 0, "level", "TaskController")));
    assertThat(events(taskController).get("onPreStore")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement().isEqualTo(Map.of(
        "name", "stampOwner", "source", "LAMBDA", "priority", 5, "pathFilter", "admin.**", "level", "TaskController"));
    assertThat(managers).extracting(m -> (String) m.get("tier")).contains("repository", "entity");
    assertThat(events(managers.get(0)).keySet()).containsExactly("onStart", "onInit", "onPreIndex", "onPostIndex",
        "onPreStore", "onPostStore", "onPreShow", "onPostShow", "onPreUpdate", "onPostUpdate", "onPreDestroy",
        "onPostDestroy", "onError", "onAuthorize", "onPreExport", "onPostExport", "onPreImport",
        "onPostImport", "onPreUpload", "onPostUpload", "onPreDownload", "onPostDownload", "onPreDeleteFile",
        "onPostDeleteFile", "onPreListFiles", "onPostListFiles");
  }

  @Test
  void theEventsEndpointIsReadOnly() {
    Reply reply = http.post("/_scribe/events", "{}");

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.header("Allow")).isEqualTo("GET, HEAD");
  }

  // as on every route of the API: OPTIONS asks what the URL serves; before, a 405 naming GET and HEAD
  @Test
  void optionsOnTheEventsEndpointTellsWhatItServes() {
    Reply reply = http.send("OPTIONS", "/_scribe/events", null);

    assertThat(reply.status()).as(reply.body()).isEqualTo(204);
    assertThat(reply.header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void theEventsEndpointIsAbsentUnlessEnabled() {
    try (HttpApp plain = HttpApp.start()) {
      assertThat(plain.get("/_scribe/events").status()).isEqualTo(404);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> events(Map<String, Object> manager) {
    Map<String, Object> byName = new java.util.LinkedHashMap<>();
    for (Map<String, Object> event : (List<Map<String, Object>>) manager.get("events")) {
      List<Map<String, Object>> handlers = (List<Map<String, Object>>) event.get("handlers");
      List<Map<String, Object>> withoutNulls = new java.util.ArrayList<>();
      for (Map<String, Object> handler : handlers) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(handler);
        copy.values().removeIf(java.util.Objects::isNull);
        withoutNulls.add(copy);
      }
      byName.put((String) event.get("event"), withoutNulls);
    }
    return byName;
  }
}
