package dev.scribe.controller.http.bulk;

/**
 * The formats an import reads, by {@code Content-Type}: CSV with a header row, or one JSON object per line.
 * Internal, unsupported.
 */
public enum ImportFormat {
  CSV("csv", "text/csv"),
  NDJSON("ndjson", "application/x-ndjson");

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

  /** The format of a {@code Content-Type} (parameters ignored; {@code application/ndjson} too), or null. */
  public static ImportFormat byContentType(String contentType) {
    if (contentType == null) {
      return null;
    }
    ExportFormat format = ExportFormat.byMediaType(contentType);
    return format == ExportFormat.CSV ? CSV : format == ExportFormat.NDJSON ? NDJSON : null;
  }
}
