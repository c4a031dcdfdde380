package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EntityModelTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;
  static EntityModel<Task> model;

  @BeforeAll
  static void open() {
    model = fixture.tasks.model();
  }

  @Test
  void theModelDescribesEveryAttributeInDeclarationOrder() {
    assertThat(model.name()).isEqualTo("Task");
    assertThat(model.displayName()).isEqualTo("task");
    assertThat(model.id().name()).isEqualTo("id");
    assertThat(model.version().name()).isEqualTo("version");
    assertThat(model.attributes()).extracting(EntityAttribute::name).containsExactly("id", "version", "title", "status",
        "priority", "dueDate", "budget", "remindAt", "starred", "createdBy", "owner", "subtasks");
    assertThat(model.attribute("owner").kind()).isEqualTo(AttributeKind.TO_ONE);
    assertThat(model.attribute("owner").targetType()).isEqualTo(Person.class);
    assertThat(model.attribute("subtasks").kind()).isEqualTo(AttributeKind.TO_MANY);
    assertThat(model.attribute("subtasks").targetType()).isEqualTo(Subtask.class);
    assertThat(model.attribute("subtasks").mappedBy()).isEqualTo("task");
    assertThat(model.attribute("subtasks").cascadesPersist()).isTrue();
    assertThat(model.attribute("createdBy").guarded()).isTrue();
    assertThat(model.attribute("id").generated()).isTrue();
    assertThat(model.attribute("budget").javaType()).isEqualTo(BigDecimal.class);
    assertThat(model.settableNames()).containsExactly("title", "status", "priority", "dueDate", "budget", "remindAt",
        "starred", "owner", "subtasks");
    assertThat(model.hasAssociations()).isTrue();
    assertThat(model.hasGuardedAttributes()).isTrue();
  }

  @Test
  void anUnknownAttributeIsA400NamingTheKnownOnes() {
    Veto veto = catchThrowableOfType(Veto.class, () -> model.attribute("nope"));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("task has no attribute 'nope'; its attributes are [id, version, title, "
        + "status, priority, dueDate, budget, remindAt, starred, createdBy, owner, subtasks]");
  }

  @Test
  void rawValuesConvertToTheAttributeTypes() {
    assertThat(model.convert("priority", "3")).isEqualTo(3);
    assertThat(model.convert("priority", 4L)).isEqualTo(4);
    assertThat(model.convert("budget", "12.50")).isEqualTo(new BigDecimal("12.50"));
    assertThat(model.convert("budget", 3)).isEqualTo(new BigDecimal("3"));
    assertThat(model.convert("dueDate", "2026-05-01")).isEqualTo(LocalDate.of(2026, 5, 1));
    assertThat(model.convert("remindAt", "2026-05-01T10:15:30Z")).isEqualTo(Instant.parse("2026-05-01T10:15:30Z"));
    assertThat(model.convert("status", "done")).isEqualTo(Status.DONE);
    assertThat(model.convert("starred", "TRUE")).isEqualTo(true);
    assertThat(model.convert("owner", "7")).isEqualTo(7L);
    assertThat(model.convert("title", 12)).isEqualTo("12");
    assertThat(model.convert("title", null)).isNull();
  }

  @Test
  void valuesThatDoNotConvertAre400sNamingAttributeValueAndType() {
    assertThat(catchThrowableOfType(Veto.class, () -> model.convert("priority", "3.5")).messages())
        .containsExactly("priority: '3.5' is not a valid Integer");
    assertThat(catchThrowableOfType(Veto.class, () -> model.convert("priority", 3.5)).messages())
        .containsExactly("priority: '3.5' is not a valid Integer; it must be a whole number");
    assertThat(catchThrowableOfType(Veto.class, () -> model.convert("priority", 10_000_000_000L)).messages())
        .containsExactly("priority: '10000000000' is not a valid Integer; it is out of range"
            + "; expected a whole number between -2147483648 and 2147483647");
    assertThat(catchThrowableOfType(Veto.class, () -> model.convert("starred", "yes")).messages())
        .containsExactly("starred: 'yes' is not a valid Boolean; use true or false");
    assertThat(catchThrowableOfType(Veto.class, () -> model.convert("dueDate", "01/05/2026")).fieldErrors())
        .containsEntry("dueDate", List.of("'01/05/2026' is not a valid LocalDate; use ISO-8601, such as 2026-03-01"));
    assertThat(catchThrowableOfType(Veto.class, () -> model.convert("starred", "yes")).status()).isEqualTo(400);
  }

  @Test
  void toMapRendersBasicValuesAndToOneIds() {
    Person owner = fixture.people.create(params("name", "Ada"));
    Task task = fixture.tasks.create(params("title", "x", "priority", 2, "budget", "1.25", "owner", owner.getId(),
        "subtasks", List.of(params("title", "one"))));

    Map<String, Object> map = model.toMap(task);

    assertThat(map).containsExactly(Map.entry("id", task.getId()), Map.entry("version", 0L), Map.entry("title", "x"),
        Map.entry("status", Status.OPEN), Map.entry("priority", 2), entry("dueDate", null),
        Map.entry("budget", new BigDecimal("1.25")), entry("remindAt", null), Map.entry("starred", false),
        entry("createdBy", null), Map.entry("owner", owner.getId()));
  }

  @Test
  void toMapEmbedsTheAssociationsAskedFor() {
    Person owner = fixture.people.create(params("name", "Ada"));
    Task created = fixture.tasks.create(params("title", "x", "owner", owner.getId(),
        "subtasks", List.of(params("title", "one"), params("title", "two"))));

    Map<String, Object> map = fixture.store.inTransaction(() ->
        model.toMap(fixture.tasks.get(created.getId()), Set.of("owner", "subtasks")));

    assertThat(map.get("owner")).isEqualTo(Map.of("id", owner.getId(), "name", "Ada"));
    List<Object> titles = new java.util.ArrayList<>();
    ((List<?>) map.get("subtasks")).forEach(subtask -> titles.add(((Map<?, ?>) subtask).get("title")));
    assertThat(titles).containsExactly("one", "two");
    assertThat(((Map<?, ?>) ((List<?>) map.get("subtasks")).get(0)).get("task")).isEqualTo(created.getId());
  }

  @Test
  void embeddingSomethingThatIsNotAnAssociationIsA400() {
    Task task = fixture.tasks.create(params("title", "x"));

    Veto veto = catchThrowableOfType(Veto.class, () -> model.toMap(task, Set.of("title")));

    assertThat(veto.messages()).containsExactly("'title' is not an association of task; associations: [owner, subtasks]");
  }

  private static Map.Entry<String, Object> entry(String key, Object value) {
    return new java.util.AbstractMap.SimpleEntry<>(key, value);
  }
}
