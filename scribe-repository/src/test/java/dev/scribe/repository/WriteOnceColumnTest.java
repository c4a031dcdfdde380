package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A column written by one kind of write only: {@code @Column(updatable = false)} is set when the record is created
 * and an update that would change it is refused by name (one sending the stored value back is no change), and
 * {@code @Column(insertable = false)} is refused on create and set by an update. Before, Hibernate left such a value
 * out of its statement: the call succeeded, answered the value as if stored, and the database kept the old one.
 */
class WriteOnceColumnTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  static final String CREATED_BY = "cannot be changed after create: @Column(updatable = false); leave it out or"
      + " send the stored value";
  static final String APPROVED_BY = "cannot be set on create: @Column(insertable = false); leave it out and set it"
      + " with an update";

  static DataStore store;
  static ReceiptRepository receipts;
  static LedgerRepository ledgers;
  final List<Subscription> handlers = new ArrayList<>();

  @BeforeAll
  static void open() {
    store = DB.store(Scribe.create(), Receipt.class, ReceiptLine.class, Ledger.class);
    receipts = store.register(new ReceiptRepository());
    ledgers = store.register(new LedgerRepository());
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @AfterEach
  void clear() throws Exception {
    receipts.configure(Config.empty());
    handlers.forEach(Subscription::remove);
    handlers.clear();
    try (Connection connection = DB.connection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM ReceiptLine");
      statement.executeUpdate("DELETE FROM Receipt");
      statement.executeUpdate("DELETE FROM Ledger");
    }
  }

  private Receipt alices() {
    return receipts.create(params("title", "rent", "createdBy", "alice", "amount", "12.50"));
  }

  private Object stored(String column) {
    return DB.rows("Receipt").get(0).get(column);
  }

  @Test
  void aCreateSetsAWriteOnceColumnAndAnUpdateChangingItIsRefusedByName() {
    Receipt receipt = alices();

    Veto veto = catchThrowableOfType(Veto.class,
        () -> receipts.update(receipt.getId(), params("title", "lease", "createdBy", "mallory")));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("createdBy cannot be changed after create: @Column(updatable = false)");
    assertThat(veto.fieldErrors()).containsExactly(Map.entry("createdBy", List.of(CREATED_BY)));
    assertThat(stored("createdby")).isEqualTo("alice");
    assertThat(stored("title")).isEqualTo("rent");
  }

  @Test
  void anUpdateSendingTheStoredValueBackIsNoChange() {
    Receipt receipt = alices();

    Receipt updated = receipts.update(receipt.getId(), params("title", "lease", "createdBy", "alice", "amount", "12.5"));

    assertThat(updated.getCreatedBy()).isEqualTo("alice");
    assertThat(stored("title")).isEqualTo("lease");
    assertThat(stored("amount")).isEqualTo(new BigDecimal("12.50"));
  }

  @Test
  void aHiddenFieldsStoredValueIsNoAnswerAnUpdateCanProbe() {
    Receipt receipt = alices();
    receipts.configure(Config.of(Map.of("hiddenFields", List.of("createdBy"))));

    Veto guessed = catchThrowableOfType(Veto.class, () -> receipts.update(receipt.getId(), params("createdBy", "alice")));
    Veto missed = catchThrowableOfType(Veto.class, () -> receipts.update(receipt.getId(), params("createdBy", "bob")));

    assertThat(guessed.fieldErrors()).isEqualTo(missed.fieldErrors()).containsOnlyKeys("createdBy");
    assertThat(guessed.messages()).isEqualTo(missed.messages());
  }

  @Test
  void aReplacingUpdateKeepsWhatItCannotChangeAndRefusesAnotherValue() {
    Receipt receipt = alices();
    CallOptions put = CallOptions.builder().replace(true).build();

    Receipt replaced = receipts.update(receipt.getId(), params("title", "lease"), put);
    Veto veto = catchThrowableOfType(Veto.class,
        () -> receipts.update(receipt.getId(), params("title", "x", "createdBy", null, "amount", 13), put));

    assertThat(replaced.getCreatedBy()).isEqualTo("alice");
    assertThat(replaced.getAmount()).isEqualByComparingTo("12.50");
    assertThat(veto.fieldErrors()).containsOnlyKeys("createdBy", "amount");
    assertThat(stored("createdby")).isEqualTo("alice");
    assertThat(stored("title")).isEqualTo("lease");
  }

  @Test
  void aBatchUpdateRefusesTheRecordThatChangesItAndKeepsTheOthersUnderIgnoreErrors() {
    Receipt first = alices();
    Receipt second = alices();

    BatchResult<Receipt> result = receipts.updateBatch(List.of(
        params("id", first.getId(), "title", "a", "createdBy", "alice"),
        params("id", second.getId(), "title", "b", "createdBy", "bob")),
        CallOptions.builder().ignoreErrors(true).build());

    assertThat(result.items()).extracting(Receipt::getTitle).containsExactly("a");
    assertThat(result.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.index()).isEqualTo(1);
      assertThat(failure.status()).isEqualTo(400);
      assertThat(failure.fieldErrors()).containsExactly(Map.entry("createdBy", List.of(CREATED_BY)));
    });
    assertThat(DB.rows("Receipt")).extracting(row -> row.get("createdby")).containsExactly("alice", "alice");
  }

  @Test
  void anUpdateByQueryCannotHaveAWriteOnceColumnAmongItsChanges() {
    alices();

    Veto veto = catchThrowableOfType(Veto.class, () -> receipts.updateWhere(new Query(),
        params("createdBy", "bob"), CallOptions.none()));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("createdBy cannot be changed after create: @Column(updatable = false);"
        + " an update by query cannot have it among its changes");
    assertThat(veto.fieldErrors()).containsExactly(Map.entry("createdBy", List.of(
        "cannot be changed after create: @Column(updatable = false); leave it out of the changes")));
    assertThat(stored("createdby")).isEqualTo("alice");
  }

  @Test
  void aLinkWhoseJoinColumnIsNotUpdatableIsSetOnCreateAndCannotBeMovedByAnUpdate() {
    Ledger rent = ledgers.create(params("name", "rent", "amount", 1));
    Ledger food = ledgers.create(params("name", "food", "amount", 2));
    Receipt receipt = receipts.create(params("title", "x", "ledger", rent.getId()));

    Veto moved = catchThrowableOfType(Veto.class, () -> receipts.update(receipt.getId(), params("ledger", food.getId())));
    Receipt same = receipts.update(receipt.getId(), params("title", "y", "ledger", Map.of("id", rent.getId())));

    assertThat(moved.fieldErrors()).containsExactly(Map.entry("ledger", List.of(
        "cannot be changed after create: @JoinColumn(updatable = false); leave it out or send the stored value")));
    assertThat(same.getTitle()).isEqualTo("y");
    assertThat(stored("ledger_id")).isEqualTo(rent.getId());
  }

  @Test
  void aHandlerPuttingAnotherValueIntoAnUpdatesParamsIsRefusedLikeTheCaller() {
    handlers.add(receipts.events().on("preUpdate", args -> args.params().put("createdBy", "handler")));
    Receipt receipt = alices();

    Veto veto = catchThrowableOfType(Veto.class, () -> receipts.update(receipt.getId(), params("title", "x")));

    assertThat(veto.fieldErrors()).containsExactly(Map.entry("createdBy", List.of(CREATED_BY)));
    assertThat(stored("title")).isEqualTo("rent");
  }

  @Test
  void aHandlerChangingTheValueAfterTheCheckIsRefusedWhenItIsBound() {
    Receipt receipt = alices();
    handlers.add(store.entities().events(Receipt.class).on("preSetField", args -> {
      if ("createdBy".equals(args.get("fieldName"))) {
        args.put("value", "handler");
      }
    }));

    Veto veto = catchThrowableOfType(Veto.class,
        () -> receipts.update(receipt.getId(), params("title", "x", "createdBy", "alice")));

    assertThat(veto.fieldErrors()).containsExactly(Map.entry("createdBy", List.of(CREATED_BY)));
    assertThat(stored("createdby")).isEqualTo("alice");
  }

  @Test
  void aColumnNeverInsertedIsRefusedOnCreateAndSetByAnUpdate() {
    Veto veto = catchThrowableOfType(Veto.class,
        () -> receipts.create(params("title", "x", "approvedBy", "carol")));
    Receipt receipt = receipts.create(params("title", "x", "approvedBy", null));
    Receipt approved = receipts.update(receipt.getId(), params("approvedBy", "carol"));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("approvedBy cannot be set on create: @Column(insertable = false)");
    assertThat(veto.fieldErrors()).containsExactly(Map.entry("approvedBy", List.of(APPROVED_BY)));
    assertThat(approved.getApprovedBy()).isEqualTo("carol");
    assertThat(stored("approvedby")).isEqualTo("carol");
  }

  @Test
  void aBatchCreateRefusesTheRecordThatSetsAColumnNeverInserted() {
    Veto veto = catchThrowableOfType(Veto.class, () -> receipts.createBatch(List.of(
        params("title", "a"), params("title", "b", "approvedBy", "carol")), CallOptions.none()));

    assertThat(veto.records()).singleElement().satisfies(failure -> {
      assertThat(failure.index()).isEqualTo(1);
      assertThat(failure.fieldErrors()).containsExactly(Map.entry("approvedBy", List.of(APPROVED_BY)));
    });
    assertThat(DB.count("Receipt")).isZero();
  }

  @Test
  void aNestedRecordBoundByItsParentIsHeldToTheSameRule() {
    Veto inserted = catchThrowableOfType(Veto.class, () -> receipts.create(params("title", "x",
        "lines", List.of(Map.of("note", "a", "checkedBy", "carol")))));
    Receipt receipt = receipts.create(params("title", "x", "lines", List.of(Map.of("note", "a", "sku", "A-1"))));
    Long line = receipt.getLines().get(0).getId();
    Veto changed = catchThrowableOfType(Veto.class, () -> receipts.update(receipt.getId(),
        params("lines", List.of(Map.of("id", line, "sku", "B-2")))));
    receipts.update(receipt.getId(), params("lines", List.of(Map.of("id", line, "sku", "A-1", "note", "b"))));

    assertThat(inserted.fieldErrors()).containsExactly(Map.entry("lines[0].checkedBy", List.of(
        "cannot be set on create: @Column(insertable = false); leave it out and set it with an update")));
    assertThat(changed.fieldErrors()).containsExactly(Map.entry("lines[0].sku", List.of(
        "cannot be changed after create: @Column(updatable = false); leave it out or send the stored value")));
    assertThat(DB.rows("ReceiptLine")).singleElement().satisfies(row -> {
      assertThat(row.get("sku")).isEqualTo("A-1");
      assertThat(row.get("note")).isEqualTo("b");
    });
  }
}
