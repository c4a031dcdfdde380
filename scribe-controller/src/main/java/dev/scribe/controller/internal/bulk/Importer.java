package dev.scribe.controller.internal.bulk;

import dev.scribe.controller.Access;
import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.ImportFile;
import dev.scribe.controller.http.bulk.ImportFormat;
import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.ControllerEvents;
import dev.scribe.controller.internal.action.AccessCheck;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.action.ActionRunner;
import dev.scribe.controller.internal.action.WriteSlots;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.ClientRecords;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.controller.internal.view.FieldPolicies;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.core.TraceScope;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.Repository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports CSV or NDJSON rows through the repository: each chunk of {@code importChunkSize} rows is one
 * {@link Repository#createBatch} in its own unit of work, so every repository and entity event fires per
 * record as for a batch store. The rule for bad rows:
 *
 * <ul>
 *   <li>without {@code ignoreErrors}, a validation pass runs every chunk through every event and rolls it
 *       back; only when no row was refused does the writing pass run, chunk after chunk, each committed;
 *   <li>with {@code ignoreErrors}, one writing pass keeps the good rows of each chunk and reports the others
 *       (a row a database constraint refuses is taken out and its chunk run again);
 *   <li>{@code dryRun} runs the validation pass only: nothing is written;
 *   <li>a failure of a whole chunk (a veto outside validate/verify, a database error) rolls that chunk back
 *       and stops the import: the chunks before it stay written, and the report says which rows.
 * </ul>
 *
 * <p>Events: {@code onInit} and {@code onPreImport} (args {@code format}, {@code columns}, {@code rows},
 * {@code dryRun}, {@code ignoreErrors}, {@code chunkSize}; what handlers leave there is used) before any row
 * is written; per chunk {@code onPreStore} with the chunk's records (as for a batch store, with {@code import}
 * true) and the repository's events; then {@code onPostImport} with {@code result} = the report.
 * A failure is answered through {@code onError}, with the report in the problem.
 */
public final class Importer<E, ID> {
  private static final Set<String> QUERY = Set.of("dryRun", "ignoreErrors", "async");

  private final Controller<E, ID> controller;
  private final ActionRunner<E, ID> runner;
  private final Repository<E, ID> repository;
  private final ImportPass<E, ID> passes;

  public Importer(Controller<E, ID> controller, ActionRunner<E, ID> runner) {
    this.controller = controller;
    this.runner = runner;
    this.repository = controller.repository();
    this.passes = new ImportPass<>(controller, runner);
  }

  /** What one import was asked for, once checked. */
  static final class Plan {
    ActionCall call;
    ImportFile file;
    JsonCodec json;
    Parent parent;
    long rows;
    boolean dryRun;
    boolean ignoreErrors;
    boolean async;
    int chunkSize;
    /** The CSV columns of text attributes, where a quoted empty cell is empty text rather than null. */
    Set<String> textColumns = Set.of();
    /** The attribute of each CSV column, in the header's order: the header's names, matched in any case. */
    List<String> columns;
    /**
     * The count found every CSV row within the limits of what may be held: the passes' parser reads the text as it
     * is (a file is spooled once and read the same each time).
     */
    boolean withinLimits;
    /** The CSV cells' conversion to their attributes' types; null for NDJSON, whose values have JSON types. */
    CsvCells cells;
    /**
     * The application is stopping (its jobs were closed): no chunk starts after the one in flight. The job's
     * thread is not waited for, and the store closes after the server: the rest of the file ran on, chunk after
     * chunk and then row by row, each failing against the closed store with a stack trace.
     */
    volatile boolean stopping;
    /** The job running the import, whose row each committed chunk updates; null for an import in the request. */
    volatile ImportJobs.Job job;
  }

  /**
   * Checks the import, then runs it and answers its report, or hands it to {@code jobs} and answers 202 with
   * {@code Location: <base>/imports/{id}}. Closes the file when the import is done.
   */
  public ActionResponse run(ActionRequest request, ImportFile.Source source, JsonCodec json, ImportJobs jobs, String base) {
    String resource = request.resource() != null ? request.resource() : repository.name();
    String path = resource + ".import";
    Options options = controller.config().resolve(path);
    ActionCall call = ActionCall.start(controller, null, "import", resource, path, request, options, false);
    EventArgs args = call.args;
    Plan plan = new Plan();
    boolean handedOver = false;
    try (TraceScope scope = repository.store().scribe().openTrace()) {
      if (scope.trace() != null) {
        args.put(EventArgs.TRACE, scope.trace());
      }
      prepare(plan, call, source, json);
      ImportFile file = plan.file;
      if (plan.async) {
        args.remove(EventArgs.TRACE); // the request's trace ends with the request
        ImportReport report = new ImportReport(plan.rows, plan.dryRun, passes(plan), maxReport(call));
        ImportJobs.Job job = jobs.submit(resource, request.user(), plan.dryRun, plan.rows, report::progressMap, started -> {
          plan.job = started;
          try {
            return execute(plan, report);
          } finally {
            file.close();
          }
        }, () -> {
          plan.stopping = true;
          file.close();
        });
        handedOver = true;
        return ActionResponse.of(202, job.toMap()).withHeader("Location", ImportJobs.location(base, job));
      }
      // Its chunks hold a connection each as a batch does: without a write slot, a dozen imports at once beside
      // the writers took the fifth of the pool kept for reads. A job, one at a time, takes none.
      return WriteSlots.holding(repository.store(), path,
          () -> execute(plan, new ImportReport(plan.rows, plan.dryRun, passes(plan), maxReport(call))));
    } catch (ImportFile.Unread gone) {
      // Answered, as an upload is, though the client will most often not read it: thrown out of the servlet
      // instead, a body cut by a connection reset left Jetty's request unfinished and its connection open for
      // good (one file descriptor per aborted import, and a graceful stop that waited for them in vain).
      return runner.errors().respond(call, Problems.unreadBody(gone, gone.serverStopping(), "the body of " + call.path,
          "no row was read",
          "send the whole file again"));
    } catch (RuntimeException e) {
      return runner.errors().respond(call, e);
    } finally {
      if (!handedOver && plan.file != null) {
        plan.file.close();
      }
    }
  }

  private static int maxReport(ActionCall call) {
    return Math.max(1, ControllerOptions.MAX_IMPORT_REPORT.in(call.options));
  }

  private static int passes(Plan plan) {
    return plan.dryRun || plan.ignoreErrors ? 1 : 2;
  }

  /**
   * True when {@code resource} imports: option {@code insertable} holds at {@code <resource>.store} and at
   * {@code <resource>.import}. Its URL allows POST then, and no method otherwise.
   */
  public static boolean enabled(Controller<?, ?> controller, String resource) {
    return controller.config().resolve(resource + ".store").bool(ControllerOptions.INSERTABLE.name(), true)
        && ControllerOptions.INSERTABLE.in(controller.config().resolve(resource + ".import"));
  }

  /** Why the import of {@code resource} is refused whatever the method. */
  public static String disabled(String resource) {
    return "import is disabled on " + resource + ".import: it creates records, and option 'insertable' is false";
  }

  /**
   * Fills {@code plan}: access, the action enabled, the query, then the body (only now received: a refused
   * caller learns nothing of it), the parent, the CSV header, the rows counted, onInit and onPreImport.
   */
  private void prepare(Plan plan, ActionCall call, ImportFile.Source source, JsonCodec json) {
    Options store = controller.config().resolve(call.resource + ".store");
    AccessCheck.checkLike(controller, call, store);
    if (!enabled(controller, call.resource)) {
      throw HttpVeto.methodNotAllowed(disabled(call.resource), List.of());
    }
    for (String key : call.request.query().keySet()) {
      if (!QUERY.contains(key)) {
        throw new Veto(400, call.path + " takes the query parameters dryRun, ignoreErrors and async; '" + key
            + "' is not one of them");
      }
    }
    for (String header : List.of("If-Match", "If-None-Match")) {
      if (call.request.header(header) != null) {
        // a condition no new record can hold or break: ignored, the import wrote its rows as if it were not there
        throw new Veto(400, header + " names a version of a record, and " + call.path + " creates new ones that no tag"
            + " can name yet; send the import without it");
      }
    }
    plan.call = call;
    plan.file = source.receive();
    ImportFile file = plan.file;
    plan.json = json;
    plan.dryRun = flag(call, "dryRun", false);
    plan.ignoreErrors = flag(call, "ignoreErrors", ControllerOptions.IGNORE_ERRORS.in(call.options));
    boolean async = flag(call, "async", false);
    plan.chunkSize = ControllerOptions.IMPORT_CHUNK_SIZE.in(call.options);
    plan.parent = Parent.resolve(call.request, runner.view(), repository.store());
    List<String> columns;
    long rows = 0;
    try (ImportRows reader = ImportRows.open(file, json)) {
      columns = reader.columns();
      if (file.format() == ImportFormat.CSV) {
        columns = attributeNames(call, columns);
        checkColumns(call, columns);
        plan.columns = columns;
        plan.textColumns = textColumns(columns);
        plan.cells = CsvCells.of(repository.model(), columns, reader.separator(), json, plan.file.recordChars());
      }
      rows = reader.count();
      plan.withinLimits = reader.withinLimits();
    }
    if (rows == 0) {
      throw new Veto(400, call.path + " got no rows" + (file.format() == ImportFormat.CSV ? " after the header" : "")
          + "; send at least one record");
    }
    plan.rows = rows;
    EventArgs args = call.args;
    args.put(ControllerTier.FORMAT, file.format().name);
    args.put(ControllerTier.COLUMNS, new ArrayList<>(columns));
    args.put(ControllerTier.ROWS, rows);
    args.put(ControllerTier.DRY_RUN, plan.dryRun);
    args.put(ControllerTier.IGNORE_ERRORS, plan.ignoreErrors);
    args.put(ControllerTier.CHUNK_SIZE, plan.chunkSize);
    repository.store().inTransaction(() -> {
      repository.store().currentUnitOfWork().ifPresent(unit -> call.actIn(unit, repository.store()));
      controller.events().fire(ControllerEvents.ON_INIT, args);
      if (plan.parent != null) {
        plan.parent.requireExists(args);
      }
      controller.events().fire(ControllerEvents.ON_PRE_IMPORT, args);
    });
    plan.dryRun = handlersFlag(call, args, ControllerTier.DRY_RUN);
    plan.ignoreErrors = handlersFlag(call, args, ControllerTier.IGNORE_ERRORS);
    plan.chunkSize = handlersChunkSize(call, args);
    plan.async = async || rows > ControllerOptions.IMPORT_ASYNC_ROWS.in(call.options);
  }

  /**
   * {@code key} as the {@code onPreImport} handlers left it: a Boolean. Read as a query parameter, what a handler
   * removed or put as text was a 400 blaming the client ({@code 'dryRun' must be true or false, not 'null'}).
   */
  private static boolean handlersFlag(ActionCall call, EventArgs args, String key) {
    Object value = args.get(key);
    if (!(value instanceof Boolean)) {
      throw leftBroken(call, key, value, "true or false (a Boolean)");
    }
    return (Boolean) value;
  }

  /**
   * The {@code chunkSize} the {@code onPreImport} handlers left: a whole number from 1 to {@link Integer#MAX_VALUE}.
   * Text was passed over for the option's value, a fraction cut and a long wrapped round, and 0 was an
   * {@code IllegalStateException} naming no handler.
   */
  private static int handlersChunkSize(ActionCall call, EventArgs args) {
    Object value = args.get(ControllerTier.CHUNK_SIZE);
    boolean whole = value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
    if (!whole || ((Number) value).longValue() < 1 || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw leftBroken(call, ControllerTier.CHUNK_SIZE, value, "a whole number of rows from 1 to " + Integer.MAX_VALUE
          + " (an Integer; option " + ControllerOptions.IMPORT_CHUNK_SIZE.name() + " gives the default)");
    }
    return ((Number) value).intValue();
  }

  private static ArgsContractException leftBroken(ActionCall call, String key, Object value, String takes) {
    String found = value == null ? "nothing" : value.getClass().getSimpleName() + " " + ValueConverter.shorten(String.valueOf(value));
    return new ArgsContractException(key, "an onPreImport handler of " + call.path + " left " + found + " under the args"
        + " key '" + key + "', which takes " + takes + "; put such a value there, or leave the one the import put");
  }

  private static boolean flag(ActionCall call, String name, boolean fallback) {
    Object value = call.request.query().get(name);
    return value == null ? fallback : BodyShapes.bool(name, value instanceof List && ((List<?>) value).size() == 1
        ? ((List<?>) value).get(0) : value);
  }

  /**
   * A hint when the header is one column that another separator would split into names ('|'; a comma, a
   * semicolon or a tab is read as the separator): the reason of the 400 is then the separator, not the names.
   */
  private static String separatorHint(List<String> columns) {
    if (columns.size() != 1) {
      return "";
    }
    for (String separator : List.of("|", ":")) {
      if (columns.get(0).contains(separator)) {
        return "; the header is one column holding '" + separator
            + "': an import's CSV separates its columns with commas, semicolons or tabs";
      }
    }
    return "";
  }

  /** A refusal of header columns names at most this many, each cut to {@link #MAX_NAME_SHOWN} characters. */
  static final int MAX_NAMED = 20;
  static final int MAX_NAME_SHOWN = 100;

  /**
   * A column name as a message shows it: cut after {@link #MAX_NAME_SHOWN} characters, control and invisible
   * characters written as Java-style unicode escapes — unescaped, a second byte order mark or a zero-width space
   * before {@code title} read as "title is not an attribute".
   */
  static String shown(String name) {
    String cut = name.length() <= MAX_NAME_SHOWN ? name : name.substring(0, MAX_NAME_SHOWN);
    StringBuilder shown = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      int type = Character.getType(c);
      boolean invisible = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR;
      shown.append(invisible ? String.format(java.util.Locale.ROOT, "\\u%04X", (int) c) : String.valueOf(c));
    }
    return cut.length() < name.length() ? shown + "..." : shown.toString();
  }

  /**
   * The attribute each header name stands for: the attribute of that name, else the one attribute the caller sees
   * whose name it is in another case ({@code Title} for {@code title}), else the name as it is (refused later as
   * not an attribute). A 400 when two columns stand for one attribute.
   */
  private List<String> attributeNames(ActionCall call, List<String> header) {
    EntityModel<E> model = repository.model();
    Set<String> hidden = call.visible().hidden(model);
    List<String> names = new ArrayList<>(header.size());
    Map<String, String> seen = new LinkedHashMap<>();
    for (String column : header) {
      String name = column;
      if (model.attributeOrNull(column) == null) {
        List<String> matches = model.attributes().stream().map(EntityAttribute::name)
            .filter(attribute -> attribute.equalsIgnoreCase(column) && !hidden.contains(attribute)).toList();
        name = matches.size() == 1 ? matches.get(0) : column;
      }
      String before = seen.putIfAbsent(name, column);
      if (before != null) {
        throw new Veto(400, "the CSV header names the attribute '" + shown(name) + "' twice, as '" + shown(before)
            + "' and as '" + shown(column) + "'");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** A 400 for header columns that are not attributes, a 400 for those a client may not set, a 403 by field policy. */
  private void checkColumns(ActionCall call, List<String> columns) {
    if (columns.isEmpty()) {
      throw new Veto(400, call.path + " got a CSV without a header row; its first row names the attribute of each column");
    }
    EntityModel<E> model = repository.model();
    Set<String> hidden = call.visible().hidden(model);
    List<String> unknown = new ArrayList<>();
    for (String column : columns) {
      if (model.attributeOrNull(column) == null || hidden.contains(column)) {
        unknown.add(column);
      }
    }
    if (!unknown.isEmpty()) {
      List<String> settable = new ArrayList<>(model.settableNames());
      settable.removeAll(hidden);
      settable.removeIf(name -> !model.attribute(name).insertable());
      // a header of fifty thousand unknown names is not echoed back whole: twenty of them, each cut short
      List<String> named = unknown.stream().limit(MAX_NAMED).map(Importer::shown).toList();
      Veto.Builder veto = Veto.builder().status(400).message("the CSV header names " + (unknown.size() == 1
          ? "a column that is not an attribute of " : "columns that are not attributes of ") + model.displayName()
          + ": " + String.join(", ", named) + (unknown.size() > MAX_NAMED ? " and " + (unknown.size() - MAX_NAMED)
          + " more" : "") + "; the columns an import may have are " + String.join(", ", settable)
          + separatorHint(columns));
      named.forEach(column -> veto.field(column, "is not an attribute of " + model.displayName()));
      throw veto.build();
    }
    Map<String, Object> probe = new LinkedHashMap<>();
    columns.forEach(column -> probe.put(column, null));
    // a hidden column is refused above already, whatever the caller may write
    Veto refused = ClientRecords.problems(model, probe, hidden, Set.of(), true, false);
    if (refused != null) {
      throw refused;
    }
    notInserted(model, columns);
    FieldPolicies.checkWrites(call.options, call.args, probe);
  }

  /**
   * A 400 naming the columns (attributes, checked) whose values the INSERT leaves out ({@code @Column(insertable =
   * false)}): an import creates its records, so every row would be refused alike for a value in such a column.
   */
  private static void notInserted(EntityModel<?> model, List<String> columns) {
    Veto.Builder veto = null;
    for (String column : columns) {
      EntityAttribute attribute = model.attribute(column);
      if (!attribute.insertable()) {
        veto = veto == null ? Veto.builder().status(400) : veto;
        veto.message("the CSV header names " + column + ", which an import cannot set: it creates records, and "
            + column + " cannot be set on create: " + attribute.notInsertedBy() + "; leave the column out and set it"
            + " with an update")
            .field(column, attribute.refusalOnCreate());
      }
    }
    if (veto != null) {
      throw veto.build();
    }
  }

  /** The names among {@code columns} (all attributes, checked) of attributes that hold text. */
  private Set<String> textColumns(List<String> columns) {
    Set<String> texts = new HashSet<>();
    for (String column : columns) {
      Class<?> type = repository.model().attributeOrNull(column).javaType();
      if (type == String.class || type == Character.class || type == char.class) {
        texts.add(column);
      }
    }
    return texts;
  }

  private static void phase(Plan plan, ImportReport report, String name) {
    report.phase(name);
    if (plan.job != null) {
      plan.job.phase(name);
    }
  }

  /** Runs the passes and answers the report (200) or the problem with the report. */
  private ActionResponse execute(Plan plan, ImportReport report) {
    if (!plan.ignoreErrors || plan.dryRun) {
      phase(plan, report, "validating");
      passes.run(plan, report, true);
    }
    if (!plan.dryRun && !report.hasFailures()) {
      phase(plan, report, "writing");
      passes.run(plan, report, false);
    }
    report.phase("done");
    Map<String, Object> body = report.toMap();
    if (report.hasFailures() && (!plan.ignoreErrors || report.imported() == 0 || report.stopped())) {
      String detail = report.stopped() ? report.toMap().get("stopped").toString()
          : report.failed() + " of " + plan.rows + " rows were refused; nothing was written"
              + (plan.dryRun ? " (a dry run writes nothing)"
                  : plan.ignoreErrors ? ": no row was left to import; fix them and send the file again"
                  // with every row refused, ignoreErrors would import nothing either: do not suggest it
                  : report.failed() >= plan.rows ? "; no row would be left to import with ignoreErrors=true; fix them"
                      + " and send the file again"
                  : "; fix them, or send ignoreErrors=true to import the others");
      Veto refusal = report.stopHeaders().isEmpty() ? new Veto(report.status(), detail)
          : new HttpVeto(report.status(), detail, report.stopHeaders());
      ActionResponse problem = runner.errors().respond(plan.call, refusal);
      Object error = problem.body();
      if (error instanceof Map) {
        Map<String, Object> merged = new LinkedHashMap<>();
        ((Map<?, ?>) error).forEach((k, v) -> merged.put(String.valueOf(k), v));
        body.forEach(merged::putIfAbsent);
        return ActionResponse.problem(problem.status(), merged).withHeaders(problem.headers());
      }
      return problem;
    }
    EventArgs args = plan.call.args;
    args.result(body);
    try {
      repository.store().inTransaction(() -> {
        controller.events().fire(ControllerEvents.ON_POST_IMPORT, args);
      });
    } catch (RuntimeException e) {
      if (plan.dryRun || report.imported() == 0) {
        throw e;
      }
      return writtenAnyway(plan, report, e);
    }
    return runner.steps().respond(plan.call, 200);
  }

  /**
   * The answer to an onPostImport that failed after rows were written: the chunks were committed one by one
   * before it ran, so its failure cannot take them back. Answered as the failure (through onError), with the
   * report and a detail that says the rows stay written: a client told only "409" would send the file again and
   * import every row twice.
   */
  private ActionResponse writtenAnyway(Plan plan, ImportReport report, RuntimeException failure) {
    ActionResponse problem = runner.errors().respond(plan.call, failure);
    String type = problem.header("Content-Type");
    if (!(problem.body() instanceof Map<?, ?> error) || type == null || !type.startsWith("application/problem+json")) {
      return problem; // an onError handler put its own answer under 'response'
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    error.forEach((k, v) -> merged.put(String.valueOf(k), v));
    String written = "the " + report.imported() + " imported rows stay written: each chunk was committed before "
        + "onPostImport ran";
    Object detail = merged.get("detail");
    merged.put("detail", detail instanceof String text && !text.isEmpty() ? text + "; " + written : written);
    report.toMap().forEach(merged::putIfAbsent);
    return ActionResponse.problem(problem.status(), merged).withHeaders(problem.headers());
  }
}
