package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a veto carries: messages, status defaults, field errors and batch records. */
class VetoTest {

  static final class QuotaExceeded extends Veto {
    private static final long serialVersionUID = 1L;

    QuotaExceeded(int limit) {
      super(List.of("quota of " + limit + " tasks reached"), 429, Map.of(), List.of());
    }
  }

  @Test
  void aVetoWithAMessageIs400() {
    Veto veto = new Veto("title is taken");

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("title is taken");
    assertThat(veto.fieldErrors()).isEmpty();
    assertThat(veto.records()).isEmpty();
    assertThat(veto).isInstanceOf(ScribeException.class).isInstanceOf(RuntimeException.class).hasMessage("title is taken");
  }

  @Test
  void anExplicitStatusIsKept() {
    assertThat(new Veto(409, "a task with this title is already open").status()).isEqualTo(409);
    assertThat(new Veto("gone").withStatus(410).status()).isEqualTo(410);
  }

  @Test
  void withStatusKeepsTheVetosClassCauseAndErrors() {
    IllegalStateException cause = new IllegalStateException("the quota service said so");
    Veto quota = new QuotaExceeded(10);
    quota.initCause(cause);

    Veto changed = quota.withStatus(409);

    assertThat(changed).isInstanceOf(QuotaExceeded.class).isNotSameAs(quota).hasMessage("quota of 10 tasks reached")
        .hasCause(cause);
    assertThat(changed.status()).isEqualTo(409);
    assertThat(quota.status()).isEqualTo(429);
    Veto fields = Veto.builder().field("title", "taken").status(409).build().withStatus(0);
    assertThat(fields.status()).isEqualTo(422);
    assertThat(fields.fieldErrors()).containsEntry("title", List.of("taken"));
    assertThatThrownBy(() -> quota.withStatus(200)).isInstanceOf(UsageException.class)
        .hasMessageContaining("400-599").hasMessageContaining("200");
  }

  @Test
  void fieldErrorsMake422() {
    Veto veto = Veto.builder()
        .field("title", "must not be blank")
        .field("title", "must be at most 200 characters")
        .field("priority", "must be between 1 and 5")
        .build();

    assertThat(veto.status()).isEqualTo(422);
    assertThat(veto.messages()).containsExactly("validation failed");
    assertThat(veto.fieldErrors()).containsExactly(
        Map.entry("title", List.of("must not be blank", "must be at most 200 characters")),
        Map.entry("priority", List.of("must be between 1 and 5")));
    assertThat(veto).hasMessage("validation failed {title=[must not be blank, must be at most 200 characters],"
        + " priority=[must be between 1 and 5]}");
  }

  @Test
  void fieldErrorsWithAnExplicitStatusKeepTheStatus() {
    Veto veto = Veto.builder().message("check the form").field("title", "taken").status(409).build();

    assertThat(veto.status()).isEqualTo(409);
    assertThat(veto.messages()).containsExactly("check the form");
  }

  @Test
  void severalMessagesAreKeptInOrder() {
    Veto veto = Veto.builder().message("first").message("second").build();

    assertThat(veto.messages()).containsExactly("first", "second");
    assertThat(veto).hasMessage("first; second");
    assertThat(veto.status()).isEqualTo(400);
  }

  @Test
  void batchVetoDeduplicatesMessagesTakesTheFirstStatusAndKeepsRecords() {
    Veto first = new Veto(409, "a task with this title is already open");
    Veto second = Veto.builder().message("a task with this title is already open").field("title", "taken").build();
    Veto third = new Veto("priority too high");

    Veto batch = Veto.ofRecords(List.of(Veto.RecordError.of(0, first), Veto.RecordError.of(2, second),
        Veto.RecordError.of(5, third)));

    assertThat(batch.status()).isEqualTo(409);
    assertThat(batch.messages()).containsExactly("a task with this title is already open", "priority too high");
    assertThat(batch.records()).extracting(Veto.RecordError::index).containsExactly(0, 2, 5);
    assertThat(batch.records().get(1).fieldErrors()).containsExactly(Map.entry("title", List.of("taken")));
    assertThat(batch.records().get(1).status()).isEqualTo(422);
  }

  @Test
  void twoErrorsOfOneRecordAreOneEntryForIt() {
    Veto title = Veto.builder().field("title", "taken").build();
    Veto priority = Veto.builder().message("priority too high").field("priority", "at most 5").field("title", "too short")
        .build();

    Veto batch = Veto.ofRecords(List.of(Veto.RecordError.of(3, title), Veto.RecordError.of(1, new Veto(409, "busy")),
        Veto.RecordError.of(3, priority)));

    assertThat(batch.records()).extracting(Veto.RecordError::index).containsExactly(1, 3);
    Veto.RecordError third = batch.records().get(1);
    assertThat(third.status()).as("the first error's status").isEqualTo(422);
    assertThat(third.messages()).containsExactly("validation failed", "priority too high");
    assertThat(third.fieldErrors()).containsExactly(Map.entry("title", List.of("taken", "too short")),
        Map.entry("priority", List.of("at most 5")));
  }

  @Test
  void aRecordErrorNeedsTheRecordsPositionInItsBatch() {
    assertThatThrownBy(() -> Veto.RecordError.of(-1, new Veto("no")))
        .isInstanceOf(UsageException.class)
        .hasMessage("RecordError(-1, ...): the index is the refused record's position in its batch, from 0");
  }

  @Test
  void aBatchVetoNeedsARecord() {
    assertThatThrownBy(() -> Veto.ofRecords(List.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("a batch veto needs at least one record error");
  }

  @Test
  void aStatusOutsideTheErrorRangeIsRefused() {
    assertThatThrownBy(() -> new Veto(200, "fine"))
        .isInstanceOf(UsageException.class)
        .hasMessage("a veto's status must be an HTTP error status (400-599), not 200");
  }

  @Test
  void aBuilderGivenAStatusOutsideTheErrorRangeRefusesItWhereItIsGiven() {
    Veto.Builder builder = Veto.builder().message("fine");
    assertThatThrownBy(() -> builder.status(200))
        .isInstanceOf(UsageException.class)
        .hasMessage("Veto.builder().status(200): a veto's status must be an HTTP error status (400-599), or 0 for the"
            + " default (422 with field errors, 400 without)");
    assertThatThrownBy(() -> builder.status(600)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Veto.builder().status(600): ");
    assertThat(builder.build().status()).isEqualTo(400);
    assertThat(Veto.builder().field("title", "taken").status(409).status(0).build().status()).isEqualTo(422);
  }

  @Test
  void aRecordErrorWithAStatusOutsideTheErrorRangeIsRefusedNamingTheRecord() {
    assertThatThrownBy(() -> new Veto.RecordError(3, 200, List.of("fine"), Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("RecordError(3, 200, ...): the status of a refused record is an HTTP error status (400-599), as a"
            + " veto's is; or use RecordError.of(index, veto)");
    assertThatThrownBy(() -> new Veto.RecordError(0, 0, List.of("no status"), Map.of()))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("RecordError(0, 0, ...): ");
    assertThat(Veto.ofRecords(List.of(new Veto.RecordError(1, 409, List.of("taken"), Map.of()))).status()).isEqualTo(409);
  }

  @Test
  void buildingAVetoWithNothingToSayIsRefused() {
    assertThat(Veto.builder().isEmpty()).isTrue();
    assertThatThrownBy(() -> Veto.builder().build())
        .isInstanceOf(UsageException.class)
        .hasMessage("a veto needs a message or a field error; add one with message(...) or field(...) before build(),"
            + " or check isEmpty() and build only when something was refused");
    assertThatThrownBy(() -> Veto.builder().status(409).build())
        .isInstanceOf(UsageException.class)
        .hasMessage("a veto needs a message or a field error; add one with message(...) or field(...) before build()"
            + " (status 409 alone says nothing), or check isEmpty() and build only when something was refused");
  }

  @Test
  void aNullMessageIsRefusedNamingWhatToPass() {
    String message = "a veto's message is null; pass the text that says what was refused and why, e.g."
        + " new Veto(\"a task with this title is already open\"), or Veto.field(field, message) for a field error";

    assertThatThrownBy(() -> new Veto((String) null)).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> new Veto(409, null)).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> Veto.builder().message(null))
        .isInstanceOf(UsageException.class)
        .hasMessage("Veto.builder().message(null): pass the text that says what was refused and why");
  }

  @Test
  void aFieldErrorNeedsAFieldAndAMessage() {
    assertThatThrownBy(() -> Veto.field(null, "must not be blank"))
        .isInstanceOf(UsageException.class)
        .hasMessage("a veto's field error needs the name of the field, not null (message: must not be blank); pass the"
            + " field the error is about, e.g. field(\"title\", \"must not be blank\")");
    assertThatThrownBy(() -> Veto.builder().field("title", null))
        .isInstanceOf(UsageException.class)
        .hasMessage("the veto's field error for 'title' has a null message; say what is wrong with the field, e.g."
            + " field(\"title\", \"must not be blank\")");
  }

  @Test
  void aBatchVetoOfNullIsRefused() {
    assertThatThrownBy(() -> Veto.ofRecords(null))
        .isInstanceOf(UsageException.class)
        .hasMessage("Veto.ofRecords(null): pass the refused records' errors, e.g. List.of(RecordError.of(0, veto))");
    List<Veto.RecordError> withNull = new java.util.ArrayList<>();
    withNull.add(Veto.RecordError.of(0, new Veto("taken")));
    withNull.add(null);
    assertThatThrownBy(() -> Veto.ofRecords(withNull))
        .isInstanceOf(UsageException.class)
        .hasMessage("Veto.ofRecords(...) got null at position 1 of its list; pass a RecordError.of(index, veto) for each"
            + " refused record");
    assertThatThrownBy(() -> Veto.RecordError.of(3, null))
        .isInstanceOf(UsageException.class)
        .hasMessage("RecordError.of(3, null): pass the veto that refused record 3");
  }

  @Test
  void subclassesChooseTheirOwnStatus() {
    Veto veto = new QuotaExceeded(100);

    assertThat(veto.status()).isEqualTo(429);
    assertThat(veto).hasMessage("quota of 100 tasks reached");
  }

  @Test
  void recordsGivenOutOfOrderAreReportedInIndexOrderWithTheFirstRecordsStatus() {
    Veto late = new Veto("record two is wrong");
    Veto early = new Veto(409, "record zero conflicts");

    Veto batch = Veto.ofRecords(List.of(Veto.RecordError.of(2, late), Veto.RecordError.of(0, early)));

    assertThat(batch.records()).extracting(Veto.RecordError::index).containsExactly(0, 2);
    assertThat(batch.status()).isEqualTo(409);
    assertThat(batch.messages()).containsExactly("record zero conflicts", "record two is wrong");
  }
}
