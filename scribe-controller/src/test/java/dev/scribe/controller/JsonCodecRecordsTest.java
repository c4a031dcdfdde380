package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.core.ScribeException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record met by the codec outside an action, where no path says which of its fields may be seen, is refused
 * rather than written with every field; the mapper an application brings is not changed by the codec.
 */
class JsonCodecRecordsTest {
  private static Task taskWithASecret() {
    Task task = new Task();
    task.title = "pack";
    task.secret = "under the mat";
    return task;
  }

  @Test
  void aRecordInABodyWrittenOutsideAnActionIsRefusedNamingItsClass() {
    assertThatThrownBy(() -> JsonCodec.DEFAULT.write(Map.of("tasks", List.of(taskWithASecret()))))
        .isInstanceOf(ScribeException.class)
        .hasMessageContaining("a record of " + Task.class.getName() + " is in a body written outside an action")
        .hasMessageContaining("put a map of the fields to send instead")
        .hasMessageNotContaining("under the mat");
  }

  @Test
  void theRenderingAWriterPassesIsUsedForEachRecord() {
    byte[] body = JsonCodec.DEFAULT.write(Map.of("tasks", List.of(taskWithASecret())),
        record -> Map.of("title", ((Task) record).title));

    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"tasks\":[{\"title\":\"pack\"}]}");
  }

  @Test
  void theMapperAnApplicationBringsIsLeftAsItIs() throws Exception {
    ObjectMapper own = new ObjectMapper();
    new JsonCodec(own);

    assertThat(own.writeValueAsString(taskWithASecret())).contains("under the mat");
  }
}
