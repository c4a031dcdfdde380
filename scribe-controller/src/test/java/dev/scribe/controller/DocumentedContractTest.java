package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.EventArgs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The controller tier's javadoc and guide examples, run as written against a real server. */
class DocumentedContractTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  // ControllerTier's javadoc: a tier-wide onPreStore that defaults a field of what is stored
  @Test
  void aTierWideOnPreStoreDefaultsAFieldOfOneRecordAndOfEveryRecordOfABatch() {
    http.onTier(ControllerTier.TIER, "onPreStore", args -> {
      for (Map<String, Object> record : Controller.records(args)) {
        record.putIfAbsent("status", "DONE");
      }
    });

    Reply one = http.post("/tasks", "{\"title\":\"one\"}");
    Reply batch = http.post("/tasks", "[{\"title\":\"two\"},{\"title\":\"three\",\"status\":\"OPEN\"}]");

    assertThat(one.status()).isEqualTo(201);
    assertThat(one.map()).containsEntry("status", "DONE");
    assertThat(batch.status()).isEqualTo(201);
    assertThat(batch.items()).extracting(item -> item.get("status")).containsExactly("DONE", "OPEN");
  }

  // reference.md, onPreStore: params is "a map, or a list of maps for a batch"; args.params() reads one record
  @Test
  void readingABatchsParamsAsOneRecordIsAnErrorNamingTheHandlerAndNothingIsWritten() {
    List<Object> failures = new java.util.ArrayList<>();
    http.onTier(ControllerTier.TIER, "onPreStore", args -> args.params().putIfAbsent("status", "DONE"));
    http.on(http.taskController.events(), "onError", args -> failures.add(ControllerTier.exception(args)));

    Reply batch = http.post("/tasks", "[{\"title\":\"two\"}]");

    assertThat(batch.status()).isEqualTo(500);
    assertThat(failures).singleElement().isInstanceOfSatisfying(dev.scribe.core.ArgsContractException.class, e -> {
      assertThat(e.key()).isEqualTo(EventArgs.PARAMS);
      assertThat(e.handler()).startsWith("lambda#");
      assertThat(e.getMessage()).contains("the params of a batch are the list of its records");
    });
    assertThat(http.get("/tasks/count").map()).containsEntry("count", 0);
  }

  // ActionRequest.Builder.query: "a list value adds each of its elements" (a repeated parameter, each one a filter)
  @Test
  void anInProcessIndexTakesAListValueAsARepeatedParameter() {
    for (int priority = 1; priority <= 3; priority++) {
      assertThat(http.taskController.store(ActionRequest.builder()
          .body(Map.of("title", "p" + priority, "priority", priority)).build()).status()).isEqualTo(201);
    }

    ActionResponse page = http.taskController.index(ActionRequest.builder()
        .query("priority[ne]", List.of("1", "3")).query("sort", "title").build());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).asString().contains("title=p2").doesNotContain("title=p1").doesNotContain("title=p3");
  }
}
