package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A field hidden on a path is hidden on every route of it: single records, pages, batch results, records
 * embedded with {@code with} from a nested resource, filters, sorts, counts, {@code fields} and the messages
 * that list fields. Under {@code admin.**} the same controller shows it. Refusals write nothing.
 */
class FieldVisibilityTest {
  private static final String VISIBLE_FILTERS = "id, version, title, status, priority, dueDate, counter";

  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private long id;
  private long child;

  @BeforeEach
  void oneTaskWithAnEstimateAndOneSubtask() {
    http.taskController.configure(Config.of(Map.of("hiddenFields", List.of("estimate", "secret")))
        .override("admin.**", Map.of("hiddenFields", List.of())));
    id = http.createTask("{\"title\":\"existing\",\"estimate\":2.5}");
    child = http.createSubtask(id, "{\"title\":\"child\"}");
  }

  private List<Map<String, Object>> tasks() {
    return http.query("select * from http_tasks order by id");
  }

  @Test
  void hiddenFieldsAreAbsentFromEveryAnswerOfThePath() {
    Reply created = http.post("/tasks", "{\"title\":\"new\",\"estimate\":1.5}");
    Reply batch = http.post("/tasks", "[{\"title\":\"b1\",\"estimate\":3}]");
    Reply show = http.get("/tasks/" + id);
    Reply index = http.get("/tasks");
    Reply patched = http.patch("/tasks/" + id, "{\"priority\":2}");
    Reply batchPatched = http.patch("/tasks", "[{\"id\":" + id + ",\"priority\":3}]");
    Reply put = http.put("/tasks/" + id, "{\"title\":\"existing\",\"estimate\":2.5}");
    Reply embeddedChildren = http.get("/tasks/" + id + "?with=subtasks");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.map()).containsKey("title").doesNotContainKeys("estimate", "secret");
    assertThat(batch.items().get(0)).containsKey("title").doesNotContainKeys("estimate", "secret");
    assertThat(show.map()).containsKey("title").doesNotContainKeys("estimate", "secret");
    assertThat(index.items()).allSatisfy(item -> assertThat(item).containsKey("title").doesNotContainKeys("estimate", "secret"));
    assertThat(patched.map()).containsEntry("priority", 2).doesNotContainKeys("estimate", "secret");
    assertThat(batchPatched.items().get(0)).containsEntry("priority", 3).doesNotContainKeys("estimate", "secret");
    assertThat(put.map()).doesNotContainKeys("estimate", "secret");
    assertThat(embeddedChildren.map()).doesNotContainKeys("estimate", "secret").containsKey("subtasks");
  }

  @Test
  void recordsEmbeddedFromANestedResourceHideTheFieldsOfTheirOwnResource() {
    Reply page = http.get("/tasks/" + id + "/subtasks?with=task");
    Reply one = http.get("/tasks/" + id + "/subtasks/" + child + "?with=task");

    @SuppressWarnings("unchecked")
    Map<String, Object> embedded = (Map<String, Object>) page.items().get(0).get("task");
    assertThat(embedded).containsEntry("id", (int) id).containsKey("title").doesNotContainKeys("estimate", "secret");
    @SuppressWarnings("unchecked")
    Map<String, Object> alone = (Map<String, Object>) one.map().get("task");
    assertThat(alone).containsKey("title").doesNotContainKeys("estimate", "secret");
  }

  @Test
  void theAdminMountShowsWhatThePlainMountHides() {
    assertThat(http.get("/admin/tasks/" + id).map()).containsEntry("estimate", 2.5).containsKey("secret");
    assertThat(http.get("/admin/tasks?estimate[gt]=2&fields=id,estimate").items())
        .containsExactly(Map.of("id", (int) id, "estimate", 2.5));
    assertThat(http.get("/admin/tasks/count?estimate=2.5").map()).isEqualTo(Map.of("count", 1));
    assertThat(http.get("/admin/tasks?sort=estimate&estimate=2.5").map()).containsEntry("total", 1);
  }

  @Test
  void filteringSortingOrCountingByAHiddenFieldIsAnsweredLikeAnUnknownField() {
    List<Map<String, Object>> before = tasks();
    String[][] pairs = {
        {"/tasks?estimate[gt]=1", "/tasks?colour[gt]=1"},
        {"/tasks?estimate=2.5", "/tasks?colour=2.5"},
        {"/tasks/count?estimate[lt]=3", "/tasks/count?colour[lt]=3"},
        {"/tasks?sort=-estimate", "/tasks?sort=-colour"},
        {"/tasks/count?secret[like]=a%25", "/tasks/count?colour[like]=a%25"},
        {"/tasks?fields=id,estimate", "/tasks?fields=id,colour"},
        {"/tasks/" + id + "?fields=secret", "/tasks/" + id + "?fields=colour"},
    };
    for (String[] pair : pairs) {
      Reply hidden = http.get(pair[0]);
      Reply unknown = http.get(pair[1]);
      String name = pair[0].contains("secret") ? "secret" : "estimate";
      assertThat(hidden.status()).as(pair[0]).isEqualTo(400);
      assertThat(hidden.body()).as(pair[0]).isEqualTo(unknown.body().replace("colour", name));
      assertThat(hidden.body()).as(pair[0]).doesNotContain("estimate,", "secret,", ", estimate", ", secret");
    }
    assertThat(http.get("/tasks?colour=1").map()).containsEntry("message",
        "tasks cannot be filtered by 'colour'; use one of " + VISIBLE_FILTERS);
    assertThat(http.get("/tasks?fields=colour").map()).containsEntry("message", "fields=colour: task has no attribute"
        + " 'colour'; its attributes are [id, version, title, status, priority, dueDate, counter, subtasks]");
    assertThat(tasks()).isEqualTo(before);
  }

  @Test
  void aHiddenAssociationCannotBeEmbedded() {
    http.taskController.configure(Config.of(Map.of("hiddenFields", "subtasks")));

    Reply hidden = http.get("/tasks/" + id + "?with=subtasks");
    Reply unknown = http.get("/tasks/" + id + "?with=colour");

    assertThat(hidden.status()).isEqualTo(400);
    assertThat(hidden.body()).isEqualTo(unknown.body().replace("colour", "subtasks"));
    // with subtasks hidden the task has no association to embed: the message listed them as "can embed []"
    assertThat(unknown.map()).containsEntry("message",
        "with=colour: task has no association 'colour'; tasks.show embeds no association: leave with out");
  }

  @Test
  void aHiddenFieldThatIsSettableMayStillBeWritten() {
    Reply patched = http.patch("/tasks/" + id, "{\"estimate\":7.25}");

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.map()).doesNotContainKey("estimate");
    assertThat(new BigDecimal(String.valueOf(tasks().get(0).get("estimate")))).isEqualByComparingTo("7.25");
  }

  @Test
  void aHiddenFieldThatMayNotBeSetIsRefusedLikeAnUnknownOne() {
    List<Map<String, Object>> before = tasks();

    Reply reply = http.post("/tasks", "{\"title\":\"x\",\"secret\":\"s\"}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.map()).containsEntry("errors", Map.of("secret", List.of("is not an attribute of task")));
    assertThat(tasks()).isEqualTo(before);
  }

  @Test
  void aRefusalListsTheSettableFieldsWithoutTheHiddenOnes() {
    List<Map<String, Object>> before = tasks();

    Reply guarded = http.post("/tasks", "{\"title\":\"x\",\"version\":3}");
    Reply unknown = http.patch("/tasks/" + id, "{\"colour\":\"red\"}");
    Reply admin = http.post("/admin/tasks", "{\"title\":\"x\",\"version\":3}");

    assertThat(guarded.status()).isEqualTo(400);
    assertThat((String) guarded.map().get("detail")).contains("settable fields: ").doesNotContain("estimate");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat((String) unknown.map().get("detail")).contains("settable fields: ").doesNotContain("estimate");
    assertThat((String) admin.map().get("detail")).contains("settable fields: ").contains("estimate");
    assertThat(tasks()).isEqualTo(before);
  }

  @Test
  void aMisspeltHiddenFieldFailsAtConfiguration() {
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of())
        .override("tasks.**", Map.of("hiddenFields", List.of("estimat")))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'hiddenFields' in the override for 'tasks.**' names 'estimat', which is not an attribute"
            + " of task; its attributes are [id, version, title, status, priority, dueDate, estimate, counter, secret,"
            + " subtasks]");
  }
}
