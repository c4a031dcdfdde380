package dev.scribe.controller.internal.bulk;

import dev.scribe.core.internal.Words;
import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.ExportColumn;
import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.ControllerEvents;
import dev.scribe.controller.internal.action.AccessCheck;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.action.ActionRunner;
import dev.scribe.controller.internal.action.ErrorResponder;
import dev.scribe.controller.internal.action.ResponseReset;
import dev.scribe.controller.internal.action.StreamingSlots;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.NotModified;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.controller.internal.request.QueryParser;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.controller.internal.view.FrontEndOptions;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.core.TraceScope;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Query;
import dev.scribe.repository.Repository;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports an index: the same filters, sort and {@code fields} as {@code GET /tasks}, every matching record
 * rather than one page, streamed to the response as it is read from a scrolling query (see
 * {@link Repository#forEach}), in one read-only unit of work. Fires {@code onInit}, {@code onPreExport}
 * (args {@code query}, {@code format}, and {@value ExportColumn#ARGS_KEY}, the mutable list of
 * {@link ExportColumn}s) before the first row, and {@code onPostExport} (with {@code count}) after the last.
 * A failure before the first byte is answered like any action's, through {@code onError}; a failure
 * while streaming aborts the connection, so a client never takes a cut export for a whole one.
 */
public final class Exporter<E, ID> {
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller");
  /** The query parameter asking for a byte order mark before a CSV export. */
  private static final String BOM = "bom";
  private static final Set<String> NOT_FILTERS = Set.of("page", "size", BOM);

  private final Controller<E, ID> controller;
  private final ActionRunner<E, ID> runner;

  public Exporter(Controller<E, ID> controller, ActionRunner<E, ID> runner) {
    this.controller = controller;
    this.runner = runner;
  }

  /** Streams the export into {@code resp} and answers null, or answers the problem when it failed before streaming. */
  public ActionResponse run(ActionRequest request, ExportFormat format, boolean headerRow, HttpServletResponse resp,
      JsonCodec json) throws IOException {
    Repository<E, ID> repository = controller.repository();
    String resource = request.resource() != null ? request.resource() : repository.name();
    String path = resource + ".export";
    Options options = controller.config().resolve(path);
    ActionCall call = ActionCall.start(controller, null, "export", resource, path, request, options, false);
    try {
      // An export reads what the index reads: the index's requiresUser / requiresRole apply as well as its own.
      AccessCheck.checkLike(controller, call, controller.config().resolve(resource + ".index"));
    } catch (RuntimeException refused) {
      return runner.errors().respond(call, refused);
    }
    StreamingSlots.Held slots;
    try {
      slots = StreamingSlots.take(repository.store(), path, "exports are already being streamed");
    } catch (RuntimeException busy) {
      return runner.errors().respond(call, busy);
    }
    try (slots) {
      return stream(call, request, format, headerRow, resp, json, resource, path);
    }
  }

  private ActionResponse stream(ActionCall call, ActionRequest request, ExportFormat format, boolean headerRow,
      HttpServletResponse resp, JsonCodec json, String resource, String path) throws IOException {
    Repository<E, ID> repository = controller.repository();
    EventArgs args = call.args;
    Stream stream = new Stream(resp, format, headerRow, json, resource, path);
    try (TraceScope scope = repository.store().scribe().openTrace()) {
      if (scope.trace() != null) {
        args.put(EventArgs.TRACE, scope.trace());
      }
      try {
        execute(call, format, stream);
        if (stream.notModified) {
          resp.setStatus(304);
        }
        resp.flushBuffer();
        return null;
      } catch (RuntimeException e) {
        if (stream.writer != null) {
          stream.writer.abort();
        }
        if (!resp.isCommitted()) {
          ResponseReset.keepingCachePolicy(resp);
          return runner.errors().respond(call, e);
        }
        if (stream.clientGone != null) {
          // the client went away (or stopped reading) mid-export: a line, not a stack trace per client
          LOG.info("request {} ({}): the export stopped after {} rows, its client no longer reading ({}); the connection"
              + " is aborted", ErrorResponder.requestId(request), path, stream.rows, stream.clientGone);
        } else {
          LOG.error("request {} ({}): the export failed after {} rows; the connection is aborted",
              ErrorResponder.requestId(request), path, stream.rows, e);
        }
        throw new IOException("export of " + path + " aborted after " + stream.rows + " rows", e);
      }
    }
  }

  private void execute(ActionCall call, ExportFormat format, Stream stream) {
    Repository<E, ID> repository = controller.repository();
    EntityView<E> view = runner.view();
    FrontEndOptions.parse(call.request.query(), view, call).copyInto(call.frontEndOptions());
    stream.bom = byteOrderMark(call, format);
    Map<String, Object> query = new LinkedHashMap<>();
    call.request.query().forEach((k, v) -> query.put(k, v instanceof List ? new ArrayList<>((List<?>) v) : v));
    call.args.put(EventArgs.QUERY, query);
    call.args.put(ControllerTier.FORMAT, format.suffix());
    List<ExportColumn> columns = defaultColumns(view, call);
    call.args.put(ExportColumn.ARGS_KEY, columns);
    Parent parent = Parent.resolve(call.request, view, repository.store());
    repository.store().inTransaction(() -> {
      // The caller's, for the parent lookup and every read a handler makes, before the export's own scroll.
      repository.store().currentUnitOfWork().ifPresent(unit -> unit.setUser(call.request.user()));
      controller.events().fire(ControllerEvents.ON_INIT, call.args);
      if (parent != null) {
        parent.requireExists(call.args);
      }
      controller.events().fire(ControllerEvents.ON_PRE_EXPORT, call.args);
      Map<String, Object> filters = new LinkedHashMap<>(call.args.query());
      filters.keySet().removeAll(NOT_FILTERS);
      Query parsed = QueryParser.parse(filters, call.options, call.path, call.visible().hidden(view.model()), view.model(),
          repository.name());
      if (parent != null) {
        parsed.where(parent.attribute(), Operator.EQ, parent.id());
      }
      List<ExportColumn> chosen = checkedColumns(call, view);
      // before the first byte, once the query is known good: an export has no ETag for an If-Match to name
      NotModified.refuseTaggedIfMatch(call);
      Map<String, Object> frontEndOptions = call.frontEndOptions();
      CallOptions callOptions = CallOptions.builder().path(call.path).frontEndOptions(frontEndOptions)
          .user(call.request.user()).build();
      if (NotModified.anyTag(call)) {
        // no tag to compare, but * is false wherever there is a representation (RFC 9110, 13.1.2), as on a page;
        // the query still runs, counted, so a filter value it cannot convert is its 400 as on the index
        repository.count(parsed, callOptions);
        stream.notModified = true;
        return null;
      }
      List<ExportColumn>[] kept = new List[] {null};
      long count = repository.forEach(parsed, callOptions, entity -> {
        Map<String, Object> row = view.render(entity, call);
        if (kept[0] == null) {
          kept[0] = visible(chosen, row);
          stream.start(kept[0]);
        }
        List<Object> values = new ArrayList<>(kept[0].size());
        for (ExportColumn column : kept[0]) {
          values.add(ControllerAccess.root().value(column, row, entity));
        }
        stream.writer.row(values);
        stream.rows++;
      });
      if (kept[0] == null) {
        // no row to tell which attributes a row shows: those the default columns name, as a row would
        Set<String> shown = new java.util.HashSet<>();
        defaultColumns(view, call).forEach(column -> shown.add(column.attribute()));
        List<ExportColumn> header = new ArrayList<>();
        for (ExportColumn column : chosen) {
          if (column.attribute() == null || shown.contains(column.attribute())) {
            header.add(column);
          }
        }
        stream.start(header);
      }
      stream.writer.finish();
      call.args.put(ControllerTier.COUNT, count);
      controller.events().fire(ControllerEvents.ON_POST_EXPORT, call.args);
      return null;
    });
  }

  /**
   * Whether {@code bom=true} asks for a byte order mark before a CSV export: Excel reads a CSV without one in the
   * machine's code page, and showed Ünïcødé as ÃœnÃ¯cÃ¸dÃ©. Not the default, since other readers (a script's CSV
   * reader) take the mark for a part of the first column's name.
   */
  private static boolean byteOrderMark(ActionCall call, ExportFormat format) {
    Object value = call.request.query().get(BOM);
    if (value == null) {
      return false;
    }
    boolean bom = BodyShapes.bool(BOM, value instanceof List && ((List<?>) value).size() == 1
        ? ((List<?>) value).get(0) : value);
    if (bom && format != ExportFormat.CSV) {
      throw new Veto(400, "bom=true asks for a byte order mark before a CSV export; " + call.path + " as "
          + format.suffix() + " has none");
    }
    return bom;
  }

  /** Attribute columns whose attribute the rendered record does not show (hidden, or left out by {@code fields}) are dropped. */
  /**
   * The columns {@code onPreExport} left, each one an {@link ExportColumn}, an attribute column naming an
   * attribute: anything else is a handler's mistake, named here rather than a ClassCastException mid-export.
   */
  private static List<ExportColumn> checkedColumns(ActionCall call, EntityView<?> view) {
    List<?> raw = ExportColumn.of(call.args);
    List<ExportColumn> columns = new ArrayList<>(raw.size());
    java.util.Map<String, Integer> headers = new java.util.HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      Object column = raw.get(i);
      if (!(column instanceof ExportColumn)) {
        throw new ArgsContractException(ExportColumn.ARGS_KEY, "an onPreExport handler of " + call.path + " put "
            + (column == null ? "null" : Words.withArticle(column.getClass().getName())) + " at " + i + " of '"
            + ExportColumn.ARGS_KEY + "'; the list takes ExportColumn.attribute(...), ExportColumn.computed(...) and"
            + " the columns it was given");
      }
      ExportColumn checked = (ExportColumn) column;
      if (checked.attribute() != null && view.model().attributeOrNull(checked.attribute()) == null) {
        throw new ArgsContractException(ExportColumn.ARGS_KEY, "an onPreExport handler of " + call.path
            + " added a column of '" + checked.attribute() + "', which is not an attribute of "
            + view.model().displayName() + "; use ExportColumn.computed(...) for a value of its own");
      }
      Integer first = headers.putIfAbsent(checked.header(), i);
      if (first != null) {
        // a row of JSON or NDJSON kept one of the two values under the header, and dropped the other without a word
        throw new ArgsContractException(ExportColumn.ARGS_KEY, "an onPreExport handler of " + call.path + " left two"
            + " columns with the header '" + checked.header() + "' (at " + first + " and " + i + " of '"
            + ExportColumn.ARGS_KEY + "'); a row of JSON or NDJSON would keep one of their values: give each column a"
            + " header of its own");
      }
      columns.add(checked);
    }
    return columns;
  }

  private static List<ExportColumn> visible(List<ExportColumn> columns, Map<String, Object> row) {
    List<ExportColumn> kept = new ArrayList<>();
    for (ExportColumn column : columns) {
      if (column.attribute() == null || row.containsKey(column.attribute())) {
        kept.add(column);
      }
    }
    return kept;
  }

  private static List<ExportColumn> defaultColumns(EntityView<?> view, ActionCall call) {
    Map<String, Object> frontEndOptions = call.frontEndOptions();
    Object with = frontEndOptions.get(FrontEndOptions.WITH);
    Object fields = frontEndOptions.get(FrontEndOptions.FIELDS);
    List<ExportColumn> columns = new ArrayList<>();
    for (String name : view.visibleAttributeNames(call)) {
      boolean embedded = with instanceof List && ((List<?>) with).contains(name);
      if (view.attribute(name).kind() == AttributeKind.TO_MANY && !embedded) {
        continue;
      }
      if (fields instanceof List && !((List<?>) fields).contains(name) && !embedded) {
        continue;
      }
      columns.add(ExportColumn.attribute(name));
    }
    return columns;
  }

  /** The response, started when the first row (or the end of an empty export) is known. */
  private static final class Stream {
    private final HttpServletResponse resp;
    private final ExportFormat format;
    /** False for a CSV asked for as text/csv; header=absent: the rows only. */
    private final boolean headerRow;
    private final JsonCodec json;
    private final String resource;
    /** The export's path ({@code tasks.export}), for the messages of a failure. */
    private final String path;
    ExportWriter writer;
    /** A byte order mark goes before a CSV export's header. */
    boolean bom;
    long rows;
    /** True when {@code If-None-Match: *} made it a 304 before the first row: no body. */
    boolean notModified;
    /** The failure of a write to the client, when one failed: the client went away or stopped reading. */
    volatile String clientGone;

    Stream(HttpServletResponse resp, ExportFormat format, boolean headerRow, JsonCodec json, String resource,
        String path) {
      this.path = path;
      this.resp = resp;
      this.format = format;
      this.headerRow = headerRow;
      this.json = json;
      this.resource = resource;
    }

    void start(List<ExportColumn> columns) {
      resp.setStatus(200);
      resp.setContentType(headerRow ? format.mediaType() : format.mediaType() + "; header=absent");
      resp.setHeader("Content-Disposition", "attachment; filename=\"" + resource.replace('.', '-') + "." + format.suffix() + "\"");
      OutputStream out;
      try {
        out = resp.getOutputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      writer = ExportWriter.of(format, new ClientStream(out, this), json.mapper(), path, bom,
          headerRow);
      List<String> headers = new ArrayList<>();
      for (ExportColumn column : columns) {
        headers.add(column.header());
      }
      writer.header(headers);
    }
  }

  /** The response's stream, noting in its {@link Stream} when a write to the client failed. */
  private static final class ClientStream extends java.io.FilterOutputStream {
    private final Stream stream;

    ClientStream(OutputStream out, Stream stream) {
      super(out);
      this.stream = stream;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw gone(e);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        throw gone(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw gone(e);
      }
    }

    private IOException gone(IOException e) {
      stream.clientGone = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
          + e.getMessage();
      return e;
    }
  }
}
