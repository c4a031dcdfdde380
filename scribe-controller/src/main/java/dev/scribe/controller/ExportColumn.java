package dev.scribe.controller;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.UsageException;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One column of an export: its header and how its value is read from a record. The {@code columns}
 * args key of {@code onPreExport} holds the export's columns as a mutable list; a handler adds, renames,
 * reorders or drops columns there. A column reads the record as rendered for the response (the map
 * {@code show} would send, with {@code fields} applied) and may read the entity itself.
 *
 * <pre>{@code
 * void onPreExport(EventArgs args) {
 *   List<ExportColumn> columns = ExportColumn.of(args);
 *   columns.removeIf(column -> column.header().equals("internalNotes"));
 *   columns.replaceAll(column -> column.header().equals("title") ? column.renamed("name") : column);
 *   columns.add(ExportColumn.computed("url", (row, task) -> "/tasks/" + row.get("id")));
 * }
 * }</pre>
 */
public final class ExportColumn {
  /** The args key of the columns list in {@code onPreExport}. */
  public static final String ARGS_KEY = "columns";

  private final String header;
  private final String attribute;
  private final BiFunction<Map<String, Object>, Object, Object> value;

  private ExportColumn(String header, String attribute, BiFunction<Map<String, Object>, Object, Object> value) {
    this.header = header;
    this.attribute = attribute;
    this.value = value;
  }

  /** The column of an attribute as the record renders it, headed by the attribute's name. */
  public static ExportColumn attribute(String name) {
    if (name == null || name.isBlank()) {
      throw new UsageException("ExportColumn.attribute(" + quoted(name) + "): pass the name of an attribute of the"
          + " exported entity, e.g. \"title\"");
    }
    return new ExportColumn(name, name, (row, entity) -> row.get(name));
  }

  /** A column computed from the rendered record and the entity. */
  public static ExportColumn computed(String header, BiFunction<Map<String, Object>, Object, Object> value) {
    if (header == null || header.isBlank() || value == null) {
      throw new UsageException("ExportColumn.computed(" + quoted(header) + ", " + (value == null ? "null" : "value")
          + "): pass the column's header and the function of the rendered row and the entity that gives its value,"
          + " e.g. computed(\"url\", (row, task) -> \"/tasks/\" + row.get(\"id\"))");
    }
    return new ExportColumn(header, null, value);
  }

  /** The columns list of {@code onPreExport}'s args; a {@link UsageException} when {@code args} is null. */
  @SuppressWarnings("unchecked")
  public static java.util.List<ExportColumn> of(dev.scribe.core.EventArgs args) {
    if (args == null) {
      throw new UsageException("ExportColumn.of(null): pass the args of the onPreExport handler, ExportColumn.of(args)");
    }
    Object columns = args.get(ARGS_KEY);
    if (!(columns instanceof java.util.List)) {
      throw new ArgsContractException("columns", "the args of " + args.path() + " hold no list of export columns under '"
          + ARGS_KEY + "'; read them in onPreExport");
    }
    return (java.util.List<ExportColumn>) columns;
  }

  /** The same column under another header. */
  public ExportColumn renamed(String newHeader) {
    if (newHeader == null || newHeader.isBlank()) {
      throw new UsageException("the export column " + this + ": renamed(" + quoted(newHeader) + "): pass the header the column is to have");
    }
    return new ExportColumn(newHeader, attribute, value);
  }

  private static String quoted(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }

  /** The column's header: the name the export gives the column (a renamed column's new name). */
  public String header() {
    return header;
  }

  /** The attribute this column shows, or null for a computed column. */
  public String attribute() {
    return attribute;
  }

  Object value(Map<String, Object> row, Object entity) {
    return value.apply(row, entity);
  }

  @Override
  public String toString() {
    return attribute == null || attribute.equals(header) ? header : header + "(" + attribute + ")";
  }
}
