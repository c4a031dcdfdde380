package dev.scribe.controller.http.bulk;

/**
 * The formats an import reads, by {@code Content-Type}: CSV with a header row, or one JSON object per line.
 * Internal, unsupported.
 */
public enum ImportFormat {
  CSV("csv", "text/csv"),
  NDJSON("ndjson", "application/x-ndjson");

  /**
   * Other labels of a CSV file: a browser on Windows with Excel installed uploads a {@code .csv} file as
   * {@code application/vnd.ms-excel} (a real XLS file sent so is then refused as a workbook), and some tools send
   * {@code application/csv}.
   */
  private static final java.util.Set<String> CSV_ALIASES = java.util.Set.of("application/vnd.ms-excel", "application/csv");

  /** The media types an import accepts, for {@code Accept-Post} and messages. */
  public static final String ACCEPTED = "text/csv, application/x-ndjson";

  /** {@code csv} or {@code ndjson}, as the import events' {@code format}. */
  public final String name;
  /** The media type a client sends. */
  public final String mediaType;

  ImportFormat(String name, String mediaType) {
    this.name = name;
    this.mediaType = mediaType;
  }

  /**
   * Whether {@code contentType} names a spreadsheet workbook (XLSX, XLS, ODS), which an import does not read; false
   * for a request without the header, whose refusal says so.
   */
  public static boolean isWorkbook(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", -1)[0].strip().toLowerCase(java.util.Locale.ROOT);
    return type.equals(ExportFormat.XLSX.mediaType()) || type.equals("application/vnd.oasis.opendocument.spreadsheet");
  }

  /**
   * The values of {@code contentType}'s {@code header} parameter (RFC 4180: {@code present} or {@code absent},
   * in any case), unquoted, in the order sent; empty without one.
   */
  public static java.util.List<String> headerParameters(String contentType) {
    java.util.List<String> values = new java.util.ArrayList<>();
    String[] parts = contentType.split(";", -1);
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("header")) {
        String value = parameter.substring(equals + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        values.add(value);
      }
    }
    return values;
  }

  /**
   * The format of a {@code Content-Type} (parameters ignored; {@code application/ndjson} too, and the
   * {@linkplain #CSV_ALIASES other labels of CSV}), or null.
   */
  public static ImportFormat byContentType(String contentType) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.split(";", -1)[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (CSV_ALIASES.contains(type)) {
      return CSV;
    }
    ExportFormat format = ExportFormat.byMediaType(contentType);
    return format == ExportFormat.CSV ? CSV : format == ExportFormat.NDJSON ? NDJSON : null;
  }
}
