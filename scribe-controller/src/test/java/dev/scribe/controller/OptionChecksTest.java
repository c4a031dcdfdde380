package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The types of the controller's options are checked when it is configured, not on the first request. */
class OptionChecksTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aSizeThatIsNotAWholeNumberIsAConfigurationErrorNamingOptionControllerAndPath() {
    assertThatThrownBy(() -> http.taskController.configure(
        Config.of(Map.of()).override("admin.**", Map.of("maxPageSize", "fifty"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'maxPageSize' is String 'fifty', but must be an integer (a whole number), in"
            + " TaskController[tasks], the override for 'admin.**'");
  }

  @Test
  void aSwitchThatIsNotABooleanIsAConfigurationError() {
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("insertable", "no"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'insertable' is String 'no', but must be a boolean (true or false), in"
            + " TaskController[tasks], the defaults");
  }

  @Test
  void aRefusedTypeLeavesTheFormerOptionsServing() {
    http.taskController.configure(Config.of(Map.of("maxPageSize", 2)));
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("maxPageSize", 2.5))))
        .isInstanceOf(ConfigurationException.class);

    assertThat(http.get("/tasks?size=3").status()).isEqualTo(400);
  }
}
