package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fields a field policy hides, asked about an aggregate type or, carelessly, about none. */
class FieldPolicyTest {
  private final FieldPolicy policy = FieldPolicy.builder().hide("Task", "notes").readRoles("Task", "budget", "admin")
      .build();

  @Test
  void theHiddenFieldsOfAnAggregateTypeDependOnTheCallersRoles() {
    assertThat(policy.hidden("Task")).containsExactly("notes");
    assertThat(policy.hidden("Task", null)).containsExactly("notes", "budget");
    assertThat(policy.hidden("Task", User.of("1", "ada", "admin"))).containsExactly("notes");
    assertThat(policy.hidden("Person", null)).isEmpty();
    assertThat(FieldPolicy.none().hidden("Task", null)).isEqualTo(Set.of());
  }

  @Test
  void aNullAggregateTypeIsAUsageError() {
    for (FieldPolicy each : new FieldPolicy[] {policy, FieldPolicy.none()}) {
      assertThatThrownBy(() -> each.hidden(null)).isInstanceOf(UsageException.class)
          .hasMessage("FieldPolicy.hidden(null): pass the aggregate type, the entity name such as \"Task\""
              + " (ChangeMessage.aggregateType())");
      assertThatThrownBy(() -> each.hidden(null, null)).isInstanceOf(UsageException.class);
    }
  }

  @Test
  void readRolesWithoutARoleIsRefusedAsAControllersEmptyListIs() {
    // taken, it hid the field from everyone: what hide(...) says, under a name that promises some callers may read it
    assertThatThrownBy(() -> FieldPolicy.builder().readRoles("Task", "budget")).isInstanceOf(UsageException.class)
        .hasMessage("FieldPolicy.builder().readRoles(\"Task\", \"budget\", []): pass at least one role that may read the"
            + " field, e.g. readRoles(\"Task\", \"budget\", \"admin\"), or hide(\"Task\", \"budget\") to hide it from"
            + " everyone");
  }
}
