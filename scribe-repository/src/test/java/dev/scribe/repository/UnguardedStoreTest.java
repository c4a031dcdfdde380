package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A store none of whose entity classes has a guarded attribute: mass assignment refuses the same keys. */
class UnguardedStoreTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  static DataStore store;
  static PersonRepository people;

  @BeforeAll
  static void open() {
    store = DB.store(Scribe.create(), Person.class, AuditEntry.class);
    people = store.register(new PersonRepository());
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @AfterEach
  void empty() throws SQLException {
    try (Connection connection = DB.connection(); Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM Person");
    }
  }

  @Test
  void theModelsSayTheyHaveNoGuardedAttributeAndNoAssociation() {
    assertThat(store.entities().model(Person.class).hasGuardedAttributes()).isFalse();
    assertThat(store.entities().model(Person.class).hasAssociations()).isFalse();
  }

  @Test
  void theIdAndUnknownKeysAreStillRefusedByName() {
    Veto veto = catchThrowableOfType(Veto.class, () -> people.create(params("name", "ann", "id", 7, "nickname", "a")));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("cannot set id, nickname on person; settable fields: name");
    assertThat(veto.fieldErrors()).containsExactly(
        Map.entry("id", List.of("is the id and cannot be set from params")),
        Map.entry("nickname", List.of("is not an attribute of person")));
    assertThat(DB.count("Person")).isZero();
  }

  @Test
  void anUnknownKeyAddedByAHandlerIsRefusedToo() {
    Subscription added = people.events().on("preCreate", args -> args.params().put("nickname", "a"));
    try {
      Veto veto = catchThrowableOfType(Veto.class, () -> people.createBatch(
          List.of(params("name", "ann"), params("name", "bob")), CallOptions.none()));

      assertThat(veto.status()).isEqualTo(400);
      assertThat(veto.messages()).containsExactly("cannot set nickname on person; settable fields: name");
      assertThat(DB.count("Person")).isZero();
    } finally {
      added.remove();
    }
  }

  @Test
  void validRecordsAreCreatedWithTheirValues() {
    List<Person> created = people.createBatch(List.of(params("name", "ann"), params("name", "bob")), CallOptions.none())
        .items();

    assertThat(created).extracting(Person::getName).containsExactly("ann", "bob");
    assertThat(DB.count("Person")).isEqualTo(2);
  }
}
