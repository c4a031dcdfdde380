package dev.scribe.controller.internal.bulk;

import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.bulk.ImportFormat;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.action.Action;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.action.ActionRunner;
import dev.scribe.controller.internal.action.ErrorResponder;
import dev.scribe.controller.internal.request.ClientRecords;
import dev.scribe.controller.internal.request.NestedRecords;
import dev.scribe.controller.internal.view.FieldPolicies;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RepositoryOptions;
import dev.scribe.repository.internal.CallOptionsAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passes of an {@link Importer} over its file: rows in chunks of the plan's size, each chunk one
 * {@link Repository#createBatch} in its own unit of work after {@code onPreStore}, refused rows reported,
 * a failed chunk rolled back and the import stopped.
 */
final class ImportPass<E, ID> {
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller");

  private final Controller<E, ID> controller;
  private final ActionRunner<E, ID> runner;
  private final Repository<E, ID> repository;

  ImportPass(Controller<E, ID> controller, ActionRunner<E, ID> runner) {
    this.controller = controller;
    this.runner = runner;
    this.repository = controller.repository();
  }

  /** One pass over the file; {@code rollback}: every chunk is rolled back (validation). */
  void run(Importer.Plan plan, ImportReport report, boolean rollback) {
    try (ImportRows rows = ImportRows.open(plan.file, plan.json, plan.textColumns, plan.columns, plan.withinLimits)) {
      List<ImportRows.Row> chunk = new ArrayList<>();
      long chunkChars = 0;
      while (rows.hasNext()) {
        ImportRows.Row row = rows.next();
        Veto refused = row.problem() != null ? new Veto(400, row.problem())
            : plan.cells != null ? plan.cells.convert(row.params()) : null;
        refused = refused != null ? refused : clientProblems(plan, row.params());
        if (refused != null) {
          report.refuse(row.number(), refused);
          report.processed(1);
          continue;
        }
        chunk.add(row);
        chunkChars += row.chars();
        // a chunk holds its rows' values in memory, and a few lines of a megabyte of empty objects each were
        // millions of maps held at once: it ends before its size once its rows had as much text as a JSON batch
        // body may have (maxBodyBytes)
        if (chunk.size() >= plan.chunkSize || chunkChars >= plan.file.recordChars()) {
          if (!chunk(plan, report, chunk, rollback)) {
            return;
          }
          chunk = new ArrayList<>();
          chunkChars = 0;
        }
      }
      if (!chunk.isEmpty()) {
        chunk(plan, report, chunk, rollback);
      }
    }
  }

  /**
   * A row naming another parent than the URL's; what the client may not send, checked per row as a JSON body's
   * record: an NDJSON line whole, of a CSV row the ids and records in the columns of its associations (its header
   * was checked for the rest), so that a CSV cell holds its records to the checks an NDJSON line's are held to.
   */
  private Veto clientProblems(Importer.Plan plan, Map<String, Object> row) {
    if (plan.parent != null) {
      try {
        plan.parent.assignTo(new LinkedHashMap<>(row), runner.view());
      } catch (Veto otherParent) {
        return otherParent;
      }
    }
    Map<String, Object> params = plan.file.format() == ImportFormat.NDJSON ? row : plan.cells.embedded(row);
    if (params.isEmpty()) {
      return null;
    }
    ActionCall call = plan.call;
    Veto tooMany = tooManyRecords(call, params);
    if (tooMany != null) {
      return tooMany;
    }
    Veto refused = ClientRecords.problems(repository.model(), params, call.visible().hidden(repository.model()),
        FieldPolicies.unwritable(call.options, call.request.user()), RepositoryOptions.REJECT_UNKNOWN_FIELDS.in(call.options), true);
    if (refused != null) {
      return refused;
    }
    Veto nested = ClientRecords.nested(repository.model(), params, call.visible(),
        RepositoryOptions.REJECT_UNKNOWN_FIELDS.in(call.options));
    if (nested != null) {
      return nested;
    }
    try {
      FieldPolicies.checkWrites(call.options, call.args, params);
      return null;
    } catch (Veto forbidden) {
      return forbidden;
    }
  }

  /**
   * A 413 naming the association of a row that nests more records than the path's {@code maxBatchSize}, as a
   * store body's are counted: each is created in the row's chunk, and a line of less than a megabyte held seventy
   * thousand.
   */
  private Veto tooManyRecords(ActionCall call, Map<String, Object> params) {
    int max = ControllerOptions.MAX_BATCH_SIZE.in(call.options);
    long records = NestedRecords.in(repository.model(), params);
    if (records <= max) {
      return null;
    }
    String message = call.path + " takes at most " + max + " records in one row, nested records included, and the row"
        + " has " + records + "; send the nested records in rows of their own, at most " + max + " at a time";
    String association = NestedRecords.largestAssociation(repository.model(), params);
    Veto.Builder refusal = Veto.builder().status(413).message(message);
    return (association == null ? refusal : refusal.field(association, message)).build();
  }

  /** Runs one chunk in its own unit of work; false when the import must stop. */
  private boolean chunk(Importer.Plan plan, ImportReport report, List<ImportRows.Row> rows, boolean rollback) {
    if (plan.stopping) {
      report.stop(503, "the application stopped before rows " + first(rows) + "-" + last(rows) + "; "
          + (rollback || report.imported() == 0 ? "nothing was written" : writtenBefore(report)));
      return false;
    }
    List<ImportRows.Row> pending = new ArrayList<>(rows);
    while (!pending.isEmpty()) {
      List<Map<String, Object>> params = new ArrayList<>();
      for (ImportRows.Row row : pending) {
        Map<String, Object> copy = new LinkedHashMap<>(row.params());
        if (plan.parent != null) {
          plan.parent.assignTo(copy, runner.view());
        }
        params.add(copy);
      }
      List<ImportRows.Row> sent = pending;
      try {
        BatchResult<E> result = repository.store().inTransaction(() -> {
          repository.store().currentUnitOfWork().ifPresent(unit -> {
            plan.call.actIn(unit, repository.store());
            if (rollback || plan.dryRun) {
              unit.setRollbackOnly();
            }
          });
          BatchResult<E> batch = repository.createBatch(preStore(plan, params, rollback), callOptions(plan, rollback));
          if (!rollback && !plan.dryRun && plan.job != null) {
            // in the chunk's transaction: the job's row counts exactly the rows committed, whatever stops the process
            repository.store().currentUnitOfWork().ifPresent(unit -> plan.job.chunkCommitting(unit,
                report.imported() + sent.size() - batch.failures().size(), report.failed() + batch.failures().size(),
                report.chunks() + 1, last(sent)));
          }
          return batch;
        });
        if (parentGone(plan, report, sent, rollback, plan.parent == null || result.failures().isEmpty() ? null
            : plan.parent.goneFor(result.failures()))) {
          return false;
        }
        for (Veto.RecordError failure : result.failures()) {
          report.refuse(sent.get(failure.index()).number(), failure.status(), failure.messages(), failure.fieldErrors());
        }
        if (!rollback || plan.dryRun) {
          report.imported(sent.size() - result.failures().size());
        }
        if (!rollback && !plan.dryRun) {
          report.committed(last(sent));
        }
        report.processed(sent.size());
        return true;
      } catch (Veto veto) {
        if (parentGone(plan, report, sent, rollback, plan.parent == null ? null : plan.parent.goneFor(veto))) {
          return false;
        }
        if (!veto.records().isEmpty()) {
          List<ImportRows.Row> rest = new ArrayList<>(sent);
          for (Veto.RecordError failure : veto.records()) {
            if (failure.index() >= 0 && failure.index() < sent.size()) {
              ImportRows.Row row = sent.get(failure.index());
              report.refuse(row.number(), failure.status(), failure.messages(), failure.fieldErrors());
              rest.remove(row);
            }
          }
          if ((plan.ignoreErrors || rollback) && rest.size() < sent.size()) {
            // the rows a flush refused (or whose nested record was refused) are out; the rest of the chunk runs
            // again, written (ignoreErrors) or checked (the validation pass, which runs with ignoreErrors too)
            report.processed(sent.size() - rest.size());
            pending = rest;
            continue;
          }
          report.processed(sent.size());
          if (rollback) {
            return true; // the validation pass reports every refused row and goes on
          }
          report.stop(veto.status(), stopped(sent, report, String.join("; ", veto.messages())));
          return false;
        }
        return chunkFailed(plan, report, sent, rollback, veto.status(), List.of(String.join("; ", veto.messages())),
            veto.fieldErrors());
      } catch (RuntimeException e) {
        if (plan.stopping) {
          // the store closed under the chunk in flight as the application stopped: not a fault of the rows
          report.processed(sent.size());
          report.stop(503, stopped(sent, report, "the application stopped", rollback));
          return false;
        }
        Problems.Failure unavailable = Problems.unavailable(e);
        if (unavailable != null) {
          // The database, not the rows: run again one by one, each row would wait for a connection in turn and
          // be reported as refused. The import stops here, with the 503 and its Retry-After.
          report.processed(sent.size());
          // the pool's "nothing was written" speaks of this chunk alone: the import's own ending says what is
          // written of the file (with the chunks before it written, the detail said both, and a client that
          // believed the first sent the whole file again, its rows twice)
          String cause = String.valueOf(unavailable.body().get("detail")).replace("; nothing was written", "");
          report.stop(503, "unknown".equals(unavailable.body().get("outcome"))
              ? "the import stopped at rows " + first(sent) + "-" + last(sent) + ", whose commit may or may not have been"
                  + " stored: " + cause + "; " + writtenBefore(report)
              : stopped(sent, report, cause, rollback), unavailable.headers());
          return false;
        }
        Problems.Failure failure = Problems.classify(e, false, ErrorResponder.requestId(plan.call.request));
        if (failure.unexpected()) {
          LOG.error("{}: the chunk of rows {}-{} failed", plan.call.path, first(sent), last(sent), e);
        }
        return chunkFailed(plan, report, sent, rollback, failure.status(),
            List.of(String.valueOf(failure.body().get("detail"))), Map.of());
      }
    }
    return true;
  }

  /**
   * Stops the import with the parent's 404 ({@code gone}, null while the parent exists) when rows of a nested import
   * were refused because their parent was deleted after the import was accepted: each row was reported refused on a
   * field the client never sent ("task 7 does not exist", the whole file over, and "fix them and send the file
   * again"), where a nested store in the same race answers the parent's 404.
   */
  private static boolean parentGone(Importer.Plan plan, ImportReport report, List<ImportRows.Row> sent, boolean rollback,
      Veto gone) {
    if (gone == null) {
      return false;
    }
    report.processed(sent.size());
    report.stop(gone.status(), stopped(sent, report, String.join("; ", gone.messages()), rollback));
    return true;
  }

  /**
   * {@code onPreStore} for the chunk's records, as for a batch store ({@code batch} and {@code import} true),
   * so that the rules a store applies to its params (defaults, derived fields, refusals) apply to imported
   * rows; answers the records the handlers left.
   */
  private List<Map<String, Object>> preStore(Importer.Plan plan, List<Map<String, Object>> records, boolean rollback) {
    ActionCall call = plan.call;
    EventArgs args = EventArgs.builder().self(controller).path(call.path).action("import").controller(controller)
        .put(EventArgs.CONFIG, call.options)
        .put(ControllerTier.CONTROLLER_OPTIONS, call.options)
        .put(EventArgs.FRONT_END_OPTIONS, call.frontEndOptions())
        .put(ControllerTier.OVERRIDES, call.overrides())
        .put(EventArgs.USER, call.request.user())
        .put(EventArgs.PARAMS, records)
        .put(ControllerTier.BATCH, true)
        .put(ControllerTier.IMPORT, true)
        .put(ControllerTier.DRY_RUN, plan.dryRun || rollback)
        .build();
    if (call.args.get(EventArgs.TRACE) != null) {
      args.put(EventArgs.TRACE, call.args.get(EventArgs.TRACE));
    }
    if (plan.parent != null) {
      // a nested import's rows go under the parent of the URL, as a nested store's do
      args.put(ControllerTier.PARENT_ID, plan.parent.id());
      args.put(ControllerTier.PARENT_ATTRIBUTE, plan.parent.attribute());
    }
    controller.events().fire(Action.STORE.pre, args);
    Object params = args.get(EventArgs.PARAMS);
    if (!(params instanceof List) || ((List<?>) params).size() != records.size()) {
      throw new IllegalStateException("an onPreStore handler replaced the params of an import chunk of " + call.path
          + " with " + (params instanceof List ? ((List<?>) params).size() + " records instead of " + records.size()
          : params == null ? "null" : params.getClass().getName())
          + "; they must stay a List with one map per row (change the maps, or veto a record in validateCreate)");
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> left = (List<Map<String, Object>>) (plan.parent == null ? params
        : plan.parent.assignWhereLeftOut(params));
    return left;
  }

  /**
   * A chunk refused as a whole, not by record (a nested association's own create refused, a handler's veto
   * of the batch). Validating, or keeping the good rows under {@code ignoreErrors}, its rows run again one by
   * one, so that the report names each refused row with its fields and the counts add up; otherwise the
   * import stops there.
   */
  private boolean chunkFailed(Importer.Plan plan, ImportReport report, List<ImportRows.Row> sent, boolean rollback, int status,
      List<String> messages, Map<String, List<String>> fieldErrors) {
    if ((rollback || plan.ignoreErrors) && sent.size() > 1) {
      for (ImportRows.Row row : sent) {
        if (!chunk(plan, report, List.of(row), rollback)) {
          return false;
        }
      }
      return true;
    }
    report.processed(sent.size());
    if (rollback || plan.ignoreErrors) {
      report.refuse(first(sent), status, messages, fieldErrors);
      return true;
    }
    report.stop(status, stopped(sent, report, String.join("; ", messages)));
    return false;
  }

  private static String stopped(List<ImportRows.Row> sent, ImportReport report, String message) {
    return stopped(sent, report, message, false);
  }

  /** Why the import stopped at the rows {@code sent}; checking the rows ({@code rollback}), nothing was written. */
  private static String stopped(List<ImportRows.Row> sent, ImportReport report, String message, boolean rollback) {
    return "the import stopped at rows " + first(sent) + "-" + last(sent) + ", which were rolled back: " + message
        + "; " + (rollback || report.imported() == 0 ? "nothing was written" : writtenBefore(report));
  }

  /**
   * What is written of the rows before the chunk the import stopped at: "the 0 rows before them are written" read
   * as if something were, to a client deciding whether to send the file again.
   */
  private static String writtenBefore(ImportReport report) {
    long imported = report.imported();
    return imported == 0 ? "no rows before them are written"
        : imported == 1 ? "the row before them is written"
        : "the " + imported + " rows before them are written";
  }

  private static long first(List<ImportRows.Row> rows) {
    return rows.get(0).number();
  }

  private static long last(List<ImportRows.Row> rows) {
    return rows.get(rows.size() - 1).number();
  }

  private CallOptions callOptions(Importer.Plan plan, boolean rollback) {
    ActionCall call = plan.call;
    CallOptions.Builder builder = CallOptionsAccess.trustParams(CallOptions.builder())
        .path(call.path)
        .frontEndOptions(call.frontEndOptions())
        .optionOverrides(call.overrides())
        .user(call.request.user())
        .ignoreErrors(plan.ignoreErrors || rollback)
        .put(ControllerTier.IMPORT, true)
        .put(ControllerTier.DRY_RUN, plan.dryRun || rollback);
    return builder.build();
  }
}
