package dev.scribe.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Scribe;
import dev.scribe.repository.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DataStoreTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  static DataStore store;

  /** A repository declaring the wrong id type. */
  static final class BadIdRepository extends Repository<Person, String> {}

  /** A repository of a class the store does not know. */
  static final class StrangerRepository extends Repository<String, Long> {}

  /** A repository whose type arguments cannot be read. */
  static class GenericRepository<E> extends Repository<E, Long> {}

  /** A repository whose handler method has the wrong parameter, so registering it is refused. */
  static final class RefusedPersonRepository extends Repository<Person, Long> {
    void preCreate(String name) {}
  }

  static final class PeopleRepository extends Repository<Person, Long> {}

  @BeforeAll
  static void open() {
    store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class, AuditEntry.class);
    store.register(new TaskRepository());
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void aRepositoryIsFoundByItsEntityClass() {
    Repository<Task, Long> tasks = store.repository(Task.class);

    assertThat(tasks).isInstanceOf(TaskRepository.class);
    assertThat(tasks.name()).isEqualTo("tasks");
    assertThat(tasks.model().name()).isEqualTo("Task");
    assertThat(tasks.store()).isSameAs(store);
    assertThat(store.findRepository(AuditEntry.class)).isEmpty();
  }

  @Test
  void aMissingRepositoryIsNamed() {
    assertThatThrownBy(() -> store.repository(AuditEntry.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no repository is registered for dev.scribe.repository.AuditEntry; register one with "
            + "store.register(new AuditEntryRepository())");
  }

  @Test
  void aRepositoryNameThatCannotBeginAContextPathIsRefusedAtRegistration() {
    for (String name : new String[] {"my people", "people.", "people.*", "", null}) {
      Repository<Person, Long> named = new Repository<>(Person.class, Long.class) {
        @Override
        public String name() {
          return name;
        }
      };
      assertThatThrownBy(() -> store.register(named)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(".name() returns " + (name == null ? "null" : "\"" + name + "\"")
              + ", which cannot begin a context path");
    }
  }

  @Test
  void aSecondRepositoryForTheSameEntityIsRefused() {
    assertThatThrownBy(() -> store.register(new TaskRepository()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Task already has a repository (TaskRepository); register one repository per entity class");
  }

  @Test
  void aRefusedRepositoryLeavesNothingBehindSoTheEntityCanStillGetOne() {
    RefusedPersonRepository refused = new RefusedPersonRepository();
    assertThatThrownBy(() -> store.register(refused))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("RefusedPersonRepository.preCreate(String) must take (EventArgs)");

    PeopleRepository people = store.register(new PeopleRepository());

    assertThat(store.repository(Person.class)).isSameAs(people);
    assertThatThrownBy(() -> refused.create(java.util.Map.of()))
        .hasMessage("RefusedPersonRepository is not registered; call store.register(repository) first");
  }

  @Test
  void aRepositoryWithTheWrongIdTypeIsRefused() {
    assertThatThrownBy(() -> store.register(new BadIdRepository()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("BadIdRepository declares ids of type String, but Person.id is a Long; declare it as "
            + "Repository<Person, Long>");
  }

  @Test
  void aRepositoryOfAClassThatIsNotAnEntityIsRefused() {
    assertThatThrownBy(() -> store.register(new StrangerRepository()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("StrangerRepository manages java.lang.String, which is not an entity of this data store; add it "
            + "with DataStore.builder(...).entities(String.class)");
    assertThatThrownBy(() -> store.register(new Repository<String, Long>() {}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("the anonymous repository of String (dev.scribe.repository.DataStoreTest$");
  }

  @Test
  void typeArgumentsThatCannotBeReadAreReported() {
    assertThatThrownBy(() -> new GenericRepository<Task>())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("dev.scribe.repository.DataStoreTest$GenericRepository must declare its types as 'extends "
            + "Repository<Entity, IdType>' with concrete classes, or call the constructor Repository(Entity.class, "
            + "IdType.class)");
  }

  @Test
  void anUnregisteredRepositoryCannotBeUsed() {
    assertThatThrownBy(() -> new TaskRepository().create(java.util.Map.of("title", "x")))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("TaskRepository is not registered; call store.register(repository) first");
  }

  @Test
  void aStoreNeedsEntitiesAndAConnection() {
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:mem:x").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("a data store needs at least one entity class; add them with entities(...)");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).entities(Task.class).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("a data store needs a connection; set jdbcUrl(...) or dataSource(...)");
    org.h2.jdbcx.JdbcDataSource other = new org.h2.jdbcx.JdbcDataSource();
    other.setURL("jdbc:h2:mem:other");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).entities(Task.class).jdbcUrl("jdbc:h2:mem:x")
        .dataSource(other).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("a data store takes jdbcUrl(...) or dataSource(...), not both");
  }

  @Test
  void anEntityWhoseAssociationTargetIsLeftOutIsAConfigurationErrorSayingWhatToAdd() {
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:mem:partial").entities(Task.class)
        .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Hibernate cannot map the entities of this data store [Task]: Association"
            + " 'dev.scribe.repository.Task.owner' targets the type 'dev.scribe.repository.Person' which does not belong"
            + " to the same persistence unit; add that type to DataStore.builder().entities(...)")
        .hasCauseInstanceOf(org.hibernate.MappingException.class);
  }

  @Test
  void bothTiersAreKnownToEveryScribe() {
    assertThat(Scribe.create().tiers()).containsKeys("entity", "repository");
  }

  @Test
  void resourceNamesAreEnglishPlurals() {
    assertThat(Repository.plural("task")).isEqualTo("tasks");
    assertThat(Repository.plural("category")).isEqualTo("categories");
    assertThat(Repository.plural("day")).isEqualTo("days");
    assertThat(Repository.plural("box")).isEqualTo("boxes");
    assertThat(Repository.plural("status")).isEqualTo("statuses");
  }

  @Test
  void idsAreConvertedWithAMessageNamingTheValue() {
    Repository<Task, Long> tasks = store.repository(Task.class);

    assertThat(tasks.convertId("42")).isEqualTo(42L);
    assertThatThrownBy(() -> tasks.convertId("abc"))
        .isInstanceOfSatisfying(dev.scribe.core.Veto.class, veto -> {
          assertThat(veto.status()).isEqualTo(400);
          assertThat(veto.messages()).containsExactly("id 'abc' is not a valid Long");
          assertThat(veto.fieldErrors()).containsEntry("id", java.util.List.of("'abc' is not a valid Long"));
        });
  }
  @Test
  void aStoreOnADatabaseWithoutItsSchemaSaysHowToCreateIt() {
    try (DataStore bare = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:mem:no-schema").username("sa")
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build()) {
      TaskRepository tasks = bare.register(new TaskRepository());

      assertThatThrownBy(() -> tasks.create(Fixture.params("title", "first")))
          .isInstanceOf(dev.scribe.core.ScribeException.class)
          .hasMessageContaining("the database has no table or sequence this statement needs")
          .hasMessageContaining("schemaAction(\"update\")");
    }
  }
}
