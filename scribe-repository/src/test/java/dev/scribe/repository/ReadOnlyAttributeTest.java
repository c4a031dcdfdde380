package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Scribe;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attributes Hibernate never writes — a {@code @Formula}, a column neither insertable nor updatable — are generated
 * ones for mass assignment: a client's value for one is refused by name rather than echoed back and never stored.
 */
class ReadOnlyAttributeTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  static DataStore store;
  static LedgerRepository ledgers;

  @BeforeAll
  static void open() {
    store = DB.store(Scribe.create(), Ledger.class);
    ledgers = store.register(new LedgerRepository());
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void aComputedAttributeAndANeverWrittenColumnAreRefusedOnCreateAndUpdate() {
    Veto created = catchThrowableOfType(Veto.class,
        () -> ledgers.create(params("name", "rent", "amount", 5, "doubled", 99, "amountMirror", 7)));

    assertThat(created.status()).isEqualTo(400);
    assertThat(created.messages()).containsExactly("cannot set doubled, amountMirror on ledger; settable fields: name, amount");
    assertThat(created.fieldErrors()).containsExactly(
        Map.entry("doubled", List.of("is generated and cannot be set from params")),
        Map.entry("amountMirror", List.of("is generated and cannot be set from params")));
    assertThat(DB.count("Ledger")).isZero();

    Ledger ledger = ledgers.create(params("name", "rent", "amount", 5));
    Veto updated = catchThrowableOfType(Veto.class, () -> ledgers.update(ledger.getId(), params("doubled", 1)));

    assertThat(updated.fieldErrors()).containsOnlyKeys("doubled");
    assertThat(ledgers.find(ledger.getId()).orElseThrow().getDoubled()).isEqualTo(10);
  }
}
