package dev.scribe.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Thrown by a handler to stop the operation: one or several messages, an HTTP status, and optional
 * field errors. The remaining handlers of the event do not run, the unit of work rolls back, and the
 * caller receives this same instance.
 *
 * <p>The status defaults to 400, or 422 when the veto carries field errors and no explicit status.
 *
 * <pre>{@code
 * throw new Veto("a task with this title is already open").withStatus(409);
 * throw Veto.builder().field("title", "must not be blank").build();          // 422
 * }</pre>
 */
public class Veto extends ScribeException implements Cloneable {
  private static final long serialVersionUID = 1L;

  // not final: orSaying(...) and reportedWith(...) give a copy of a veto messages of its own (see there)
  private List<String> messages;
  // not final: withStatus(...) gives a copy of a veto a status of its own
  private int status;
  private Map<String, List<String>> fieldErrors;
  private List<RecordError> records;
  private String summary;

  /** A veto with one message and status 400; a null or blank message is a {@link UsageException}. */
  public Veto(String message) {
    this(one(message), 0, Map.of(), List.of());
  }

  /** A veto with one message and an explicit status. */
  public Veto(int status, String message) {
    this(one(message), status, Map.of(), List.of());
  }

  /** The general form; {@code status} 0 means "the default for what it carries". */
  protected Veto(List<String> messages, int status, Map<String, List<String>> fieldErrors, List<RecordError> records) {
    super(summary(messages, fieldErrors, records));
    this.summary = super.getMessage();
    this.messages = List.copyOf(messages);
    this.fieldErrors = copy(fieldErrors);
    this.records = List.copyOf(records);
    this.status = checkedStatus(status != 0 ? status : defaultStatus(this.fieldErrors, this.records));
  }

  private static int checkedStatus(int status) {
    if (status < 400 || status > 599) {
      throw new UsageException("a veto's status must be an HTTP error status (400-599), not " + status);
    }
    return status;
  }

  /** Starts a veto with several messages or field errors. */
  public static Builder builder() {
    return new Builder();
  }

  /** A 422 veto with one field error. */
  public static Veto field(String field, String message) {
    return builder().field(field, message).build();
  }

  /**
   * The vetoes of several records of one batch reported together, in index order whatever the order given:
   * messages de-duplicated in that order, the first record's status, and each record's errors under its index.
   */
  public static Veto ofRecords(List<RecordError> records) {
    if (records == null) {
      throw new UsageException("Veto.ofRecords(null): pass the refused records' errors, e.g. List.of(RecordError.of(0, veto))");
    }
    if (records.isEmpty()) {
      throw new UsageException("a batch veto needs at least one record error");
    }
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i) == null) {
        throw new UsageException("Veto.ofRecords(...) got null at position " + i + " of its list; pass a"
            + " RecordError.of(index, veto) for each refused record");
      }
    }
    // records() promises index order, and "the first record" is the batch's first, not the first collected;
    // two errors of one record (a validate and a verify handler each refusing it) are one entry, as a client
    // reading the answer looks a record up by its index
    Map<Integer, RecordError> byIndex = new java.util.TreeMap<>();
    for (RecordError record : records) {
      byIndex.merge(record.index(), record, RecordError::and);
    }
    List<RecordError> inOrder = new ArrayList<>(byIndex.values());
    LinkedHashSet<String> messages = new LinkedHashSet<>();
    for (RecordError record : inOrder) {
      messages.addAll(record.messages());
    }
    return new Veto(new ArrayList<>(messages), inOrder.get(0).status(), Map.of(), inOrder);
  }

  /** True when one of {@code messages} has text: a subclass or a batch of records may give only blank ones, or none. */
  static boolean saysSomething(List<String> messages) {
    for (String message : messages) {
      if (message != null && !message.isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * This veto when one of its messages has text; else the same veto (status, field errors, records) saying
   * {@code fallback} in place of its blank messages and of those of its records that say nothing, so that a
   * client is never answered an empty reason. The original is kept as a suppressed exception, for the log.
   */
  Veto orSaying(String fallback) {
    if (saysSomething(messages)) {
      return this;
    }
    List<RecordError> explained = new ArrayList<>();
    for (RecordError record : records) {
      explained.add(saysSomething(record.messages()) ? record
          : new RecordError(record.index(), record.status(), List.of(fallback), record.fieldErrors()));
    }
    Veto said = copyKeepingThis();
    said.messages = List.of(fallback);
    said.records = List.copyOf(explained);
    said.summary = summary(said.messages, fieldErrors, said.records);
    return said;
  }

  /**
   * This veto with {@code more}'s messages (those it does not say already) and field errors after its own, for
   * a handler's veto and the problems Bean Validation found in the same record: a copy of the same class, with
   * this veto's status and records, this veto kept as a suppressed exception.
   */
  Veto reportedWith(Veto more) {
    List<String> allMessages = new ArrayList<>(messages);
    for (String message : more.messages) {
      if (!allMessages.contains(message)) {
        allMessages.add(message);
      }
    }
    Map<String, List<String>> allFields = new LinkedHashMap<>();
    fieldErrors.forEach((field, errors) -> allFields.put(field, new ArrayList<>(errors)));
    more.fieldErrors.forEach((field, errors) -> allFields.computeIfAbsent(field, f -> new ArrayList<>()).addAll(errors));
    Veto reported = copyKeepingThis();
    reported.messages = List.copyOf(allMessages);
    reported.fieldErrors = copy(allFields);
    reported.summary = summary(reported.messages, reported.fieldErrors, records);
    return reported;
  }

  /**
   * A copy of this very object, so that a subclass stays itself: a caller's catch (TitleTaken e), or a handler
   * of onError testing the type, still recognises the veto it threw. The copy shares the stack trace and the
   * cause; Throwable's own message cannot be set again, hence getMessage() below. This veto is kept as the
   * copy's suppressed exception, for the log, unless it has suppressed exceptions already: the copy shares
   * that list, and would make this veto suppress itself.
   */
  private Veto copyKeepingThis() {
    Veto copy;
    try {
      copy = (Veto) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
    if (getSuppressed().length == 0) {
      copy.addSuppressed(this);
    }
    return copy;
  }

  /** What the veto says: its messages and field errors, in one line. */
  @Override
  public String getMessage() {
    return summary;
  }

  /**
   * The same veto with another status (0: the default for what it carries): a copy of the same class, with its
   * messages, field errors, records and cause, so that {@code catch (TitleTaken e)} still catches it. A status
   * outside 400-599 is a {@link UsageException}.
   */
  public Veto withStatus(int newStatus) {
    int checked = checkedStatus(newStatus != 0 ? newStatus : defaultStatus(fieldErrors, records));
    Veto copy;
    try {
      copy = (Veto) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
    copy.status = checked;
    return copy;
  }

  /** The messages, in the order they were given; never empty. */
  public List<String> messages() {
    return messages;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  /** Field to messages; empty when the veto is not about fields. */
  public Map<String, List<String>> fieldErrors() {
    return fieldErrors;
  }

  /** Per-record errors of a batch, in index order; empty for single records. */
  public List<RecordError> records() {
    return records;
  }

  private static List<String> one(String message) {
    if (message == null || message.isBlank()) {
      throw new UsageException("a veto's message is " + (message == null ? "null" : "blank (\"" + message + "\")")
          + "; pass the text that says what was refused and why, e.g. new Veto(\"a task with this title is already"
          + " open\"), or Veto.field(field, message) for a field error");
    }
    return List.of(message);
  }

  private static int defaultStatus(Map<String, List<String>> fieldErrors, List<RecordError> records) {
    if (!fieldErrors.isEmpty()) {
      return 422;
    }
    for (RecordError record : records) {
      if (!record.fieldErrors().isEmpty()) {
        return 422;
      }
    }
    return 400;
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> fieldErrors) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fieldErrors.forEach((field, list) -> copy.put(field, List.copyOf(list)));
    return Collections.unmodifiableMap(copy);
  }

  private static String summary(List<String> messages, Map<String, List<String>> fieldErrors, List<RecordError> records) {
    if (messages.isEmpty() && fieldErrors.isEmpty() && records.isEmpty()) {
      throw new UsageException("a veto needs a message or a field error; add one with message(...) or field(...)");
    }
    StringBuilder text = new StringBuilder(String.join("; ", messages));
    if (!fieldErrors.isEmpty()) {
      text.append(text.length() == 0 ? "" : " ").append(fieldErrors);
    }
    return text.toString();
  }

  /** One record's errors inside a batch veto; its status is an HTTP error status (400-599), as a veto's is. */
  public record RecordError(int index, int status, List<String> messages, Map<String, List<String>> fieldErrors) {
    public RecordError {
      if (index < 0) {
        throw new UsageException("RecordError(" + index + ", ...): the index is the refused record's position in its"
            + " batch, from 0");
      }
      if (status < 400 || status > 599) {
        // the batch veto answers with its first record's status, and a problem body lists each record's: a 200 or a 0
        // there failed only when the batch veto was made, naming no record, or was sent to the client as it was
        throw new UsageException("RecordError(" + index + ", " + status + ", ...): the status of a refused record is an"
            + " HTTP error status (400-599), as a veto's is; or use RecordError.of(index, veto)");
      }
      if (messages == null || fieldErrors == null) {
        throw new UsageException("RecordError(" + index + ", " + status + ", " + messages + ", " + fieldErrors + "): pass"
            + " the record's messages and field errors (List.of() or Map.of() for none), or use RecordError.of(index, veto)");
      }
      messages = List.copyOf(messages);
      fieldErrors = copy(fieldErrors);
    }

    /** This record's errors and then {@code more}'s (of the same record): the first status, messages once each. */
    RecordError and(RecordError more) {
      LinkedHashSet<String> allMessages = new LinkedHashSet<>(messages);
      allMessages.addAll(more.messages);
      Map<String, List<String>> allFields = new LinkedHashMap<>();
      fieldErrors.forEach((field, errors) -> allFields.put(field, new ArrayList<>(errors)));
      more.fieldErrors.forEach((field, errors) -> allFields.computeIfAbsent(field, f -> new ArrayList<>()).addAll(errors));
      return new RecordError(index, status, new ArrayList<>(allMessages), allFields);
    }

    /** The errors of {@code veto} as the record at {@code index}. */
    public static RecordError of(int index, Veto veto) {
      if (veto == null) {
        throw new UsageException("RecordError.of(" + index + ", null): pass the veto that refused record " + index);
      }
      return new RecordError(index, veto.status(), veto.messages(), veto.fieldErrors());
    }
  }

  /** Collects messages, field errors and a status. */
  public static final class Builder {
    private final List<String> messages = new ArrayList<>();
    private final Map<String, List<String>> fieldErrors = new LinkedHashMap<>();
    private int status;

    private Builder() {}

    /** Adds a message, kept in order; a null or blank message is a {@link UsageException}. */
    public Builder message(String message) {
      if (message == null || message.isBlank()) {
        throw new UsageException("Veto.builder().message(" + (message == null ? "null" : "\"" + message + "\"")
            + "): pass the text that says what was refused and why");
      }
      messages.add(message);
      return this;
    }

    /**
     * Adds an error to {@code field}, kept in order per field; a null field, or a null or blank message, is a
     * {@link UsageException}. A blank field name is taken: a client's JSON may have the key {@code ""}, and the
     * refusal that names it must not fail in its turn.
     */
    public Builder field(String field, String message) {
      if (field == null) {
        throw new UsageException("a veto's field error needs the name of the field, not " + (field == null ? "null"
            : "\"" + field + "\"") + " (message: " + message + "); pass the field the error is about, e.g."
            + " field(\"title\", \"must not be blank\")");
      }
      if (message == null || message.isBlank()) {
        throw new UsageException("the veto's field error for '" + field + "' has a " + (message == null ? "null" : "blank")
          + " message; say what is wrong with"
            + " the field, e.g. field(\"" + field + "\", \"must not be blank\")");
      }
      fieldErrors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
      return this;
    }

    /**
     * The HTTP status, 400 to 599; 0 (the default) means 422 with field errors and 400 without. Another value
     * is a {@link UsageException} here, where it is given.
     */
    public Builder status(int status) {
      if (status != 0 && (status < 400 || status > 599)) {
        // refused here rather than at build(), which a builder filled step by step may reach far from this call
        throw new UsageException("Veto.builder().status(" + status + "): a veto's status must be an HTTP error status"
            + " (400-599), or 0 for the default (422 with field errors, 400 without)");
      }
      this.status = status;
      return this;
    }

    /** True when nothing was collected yet. */
    public boolean isEmpty() {
      return messages.isEmpty() && fieldErrors.isEmpty();
    }

    /**
     * The veto. A veto with only field errors gets the message "validation failed" so that every
     * veto has at least one message; a builder with neither messages nor field errors (a status alone
     * says nothing to the caller) is a {@link UsageException}: check {@link #isEmpty()} first when the
     * errors are collected conditionally.
     */
    public Veto build() {
      if (isEmpty()) {
        throw new UsageException("a veto needs a message or a field error; add one with message(...) or field(...) before"
            + " build()" + (status != 0 ? " (status " + status + " alone says nothing)" : "")
            + ", or check isEmpty() and build only when something was refused");
      }
      List<String> all = messages.isEmpty() ? List.of("validation failed") : messages;
      return new Veto(all, status, fieldErrors, List.of());
    }
  }
}
