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
  void aRequiredRoleListThatNamesNoRoleIsRefusedRatherThanLettingEveryUserIn() {
    assertThatThrownBy(() -> http.taskController.configure(
        Config.of(Map.of()).override("admin.**", Map.of("requiresRole", java.util.List.of()))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'requiresRole' is [], but must be a role name or a non-empty list of role names (for any"
            + " logged-in user: requiresUser true), in TaskController[tasks], the override for 'admin.**'");
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("requiresRole", " "))))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("option 'requiresRole' is ' ', but must be");
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("requiresRole", java.util.List.of("admin", 7)))))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("option 'requiresRole' is [admin, 7], but must be");
    http.taskController.configure(Config.of(Map.of("requiresRole", java.util.List.of("admin", "editor"))));
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("readRoles", "admin"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'readRoles' is admin, but must map each field to a role name or a non-empty list of role"
            + " names, e.g. Map.of(\"budget\", List.of(\"admin\", \"finance\")), in TaskController[tasks], the defaults");
    assertThatThrownBy(() -> http.taskController.configure(
        Config.of(Map.of("writeRoles", Map.of("priority", java.util.List.of())))))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("option 'writeRoles' is {priority=[]}, but must");
    http.taskController.configure(Config.of(Map.of("readRoles", Map.of("budget", java.util.List.of("admin")),
        "writeRoles", Map.of("priority", "admin"))));
    http.taskController.configure(Config.empty());
  }

  @Test
  void fileOptionsThatRefuseEveryUploadOrAllowEveryTypeAreRefusedWhenConfigured() {
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("maxFileBytes", 0))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'maxFileBytes' is Integer '0', but must be a whole number of bytes, at least 1 (10 MiB by"
            + " default, e.g. 50L << 20 for 50 MiB), in TaskController[tasks], the defaults");
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("maxFileBytes", "10MB"))))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("option 'maxFileBytes' is String '10MB', but");
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("fileTypes", java.util.List.of()))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'fileTypes' is [], but must be a media type or a non-empty list of them, such as"
            + " \"application/pdf\" or List.of(\"image/*\", \"text/plain\") (leave it unset for any type), in"
            + " TaskController[tasks], the defaults");
    assertThatThrownBy(() -> http.taskController.configure(
        Config.of(Map.of()).override("tasks.upload", Map.of("fileTypes", java.util.List.of("image/*", "pdf")))))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("option 'fileTypes' is [image/*, pdf], but");
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("requiresUser", "yes"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'requiresUser' is String 'yes', but must be a boolean (true or false), in"
            + " TaskController[tasks], the defaults");
    http.taskController.configure(Config.of(Map.of("maxFileBytes", 5L << 20, "fileTypes", java.util.List.of("image/*",
        "text/plain; charset=utf-8", "*/*"), "requiresUser", false)));
    http.taskController.configure(Config.of(Map.of("maxFileBytes", 1024, "fileTypes", "application/pdf")));
    http.taskController.configure(Config.empty());
  }

  @Test
  void aSwitchThatIsNotABooleanIsAConfigurationError() {
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("insertable", "no"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'insertable' is String 'no', but must be a boolean (true or false), in"
            + " TaskController[tasks], the defaults");
  }

  @Test
  void aMisspeltOptionIsRefusedWithTheNameItLooksLike() {
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("deleteable", false))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'deleteable' is not an option of a controller; did you mean 'deletable'? (an application's"
            + " own options must not look like Scribe's), in TaskController[tasks], the defaults");
    assertThatThrownBy(() -> http.taskController.configure(
        Config.of(Map.of()).override("tasks.index", Map.of("maxPageSise", 5))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("did you mean 'maxPageSize'?");
    assertThatThrownBy(() -> http.tasks.configure(Config.of(Map.of("ignoreErrorz", true))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("option 'ignoreErrorz' is not an option of a repository; did you mean 'ignoreErrors'?");
    // an application's own option, far from every name of Scribe's, is its business
    http.taskController.configure(Config.of(Map.of("auditChannel", "ops")));
    http.taskController.configure(Config.empty());
  }

  @Test
  void aSizeOfZeroIsRefusedWhenConfiguredNotBlamedOnTheClient() {
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("maxPageSize", 0))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'maxPageSize' is 0, but must be at least 1, in TaskController[tasks], the defaults");
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("updateRetries", -1))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("must be 0 or more");
    assertThatThrownBy(() -> http.tasks.configure(Config.of(Map.of("bulkPageSize", 0))))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("option 'bulkPageSize' is 0, but must be at least 1");
    assertThatThrownBy(() -> http.tasks.configure(Config.of(Map.of("maxBulkRows", -1))))
        .isInstanceOf(ConfigurationException.class);
    http.taskController.configure(Config.of(Map.of("updateRetries", 0)));
    http.taskController.configure(Config.empty());
  }

  @Test
  void aRefusedTypeLeavesTheFormerOptionsServing() {
    http.taskController.configure(Config.of(Map.of("maxPageSize", 2)));
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("maxPageSize", 2.5))))
        .isInstanceOf(ConfigurationException.class);

    assertThat(http.get("/tasks?size=3").status()).isEqualTo(400);
  }
}
