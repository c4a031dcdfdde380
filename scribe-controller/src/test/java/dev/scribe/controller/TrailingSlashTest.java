package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trailing slash names the same route as the path without it, on a collection, a record, a nested resource and
 * count alike, for every method; the answer's {@code Location} is written without it. Two slashes in a row are
 * an empty segment, a 400.
 */
class TrailingSlashTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aTrailingSlashIsTheSameRouteAsThePathWithoutIt() {
    long id = http.createTask("{\"title\":\"slash\",\"priority\":1}");
    long sub = http.createSubtask(id, "{\"title\":\"child\"}");
    for (String path : new String[] {"/tasks", "/tasks/" + id, "/tasks/count", "/tasks/" + id + "/subtasks",
        "/tasks/" + id + "/subtasks/" + sub, "/tasks?title=slash", "/tasks/" + id + "?fields=title"}) {
      String slashed = path.contains("?") ? path.replace("?", "/?") : path + "/";
      Reply plain = http.get(path);
      Reply withSlash = http.get(slashed);
      assertThat(withSlash.status()).as(slashed).isEqualTo(plain.status()).isEqualTo(200);
      assertThat(withSlash.body()).as(slashed).isEqualTo(plain.body());
    }

    Reply created = http.post("/tasks/", "{\"title\":\"posted\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).as("written without the slash").matches("/tasks/\\d+");
    Reply updated = http.patch("/tasks/" + id + "/", "{\"title\":\"patched\"}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(http.get("/tasks/" + id).body()).contains("\"title\":\"patched\"");
    assertThat(http.delete(created.header("Location") + "/").status()).isEqualTo(204);
    assertThat(http.get(created.header("Location")).status()).isEqualTo(404);

    Reply doubled = http.get("/tasks//");
    assertThat(doubled.status()).isEqualTo(400);
    assertThat(doubled.body()).contains("empty segment");
  }
}
