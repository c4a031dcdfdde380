package dev.scribe.controller.internal.bulk;

import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an import did, row by row: how many rows the file has, how many were read so far, written (or, in a dry
 * run, found valid) and refused, and an entry per problem — the row's number in the file, the field (null for
 * a problem of the whole row) and the message — up to {@code maxImportReport} entries. Thread-safe: a job
 * writes it while {@code GET /imports/{id}} reads it.
 */
public final class ImportReport {
  private final long rows;
  private final boolean dryRun;
  private final int maxEntries;
  private final List<Map<String, Object>> entries = new ArrayList<>();
  /**
   * The numbers of the refused rows, a bit each: a set of boxed numbers took 80 bytes a row, 400 MB for a file of
   * five million refused lines, and the import failed out of memory. Rows past the integers (never in a file the
   * import takes) go to {@link #failedBeyond}.
   */
  private final BitSet failedRows = new BitSet();
  private final Set<Long> failedBeyond = new HashSet<>();
  private long failedCount;
  private long processed;
  private long imported;
  /** The chunks of the writing pass committed, and the file's row their last one ended at. */
  private long chunks;
  private long lastRow;
  private int firstStatus;
  /** The number of the first refused row in the file, whose status is the import's; none yet: {@code Long.MAX_VALUE}. */
  private long firstRow = Long.MAX_VALUE;
  private final int passes;
  private int pass;
  private String phase = "queued";
  private String stopped;
  private Map<String, String> stopHeaders = Map.of();
  private boolean truncated;

  /** {@code passes}: 2 when the rows are validated before they are written, else 1. */
  ImportReport(long rows, boolean dryRun, int passes, int maxEntries) {
    this.rows = rows;
    this.dryRun = dryRun;
    this.passes = passes;
    this.maxEntries = maxEntries;
  }

  /** The pass that starts: {@code validating}, {@code writing}, or {@code done} at the end. */
  synchronized void phase(String name) {
    if (!name.equals("done")) {
      pass++;
    }
    phase = name;
    if (!name.equals("done")) {
      processed = 0;
    } else if (stopped == null) {
      processed = rows;
    } // an import that stopped keeps the rows it got through: its client resumes from there
  }

  /** How far the import is, from 0 to 1, over all its passes; where it stopped for one that did. */
  synchronized double progress() {
    if (phase.equals("done") && stopped == null) {
      return 1.0;
    }
    double done = (Math.max(0, pass - 1) * (double) rows + processed) / (passes * (double) Math.max(1, rows));
    return Math.min(1.0, Math.round(done * 1000) / 1000.0);
  }

  synchronized String phase() {
    return phase;
  }

  synchronized long processed() {
    return processed;
  }

  synchronized void processed(long more) {
    processed += more;
  }

  synchronized void imported(long more) {
    imported += more;
  }

  /** A chunk of the writing pass committed, ending at the file's row {@code last}. */
  synchronized void committed(long last) {
    chunks++;
    lastRow = Math.max(lastRow, last);
  }

  synchronized long chunks() {
    return chunks;
  }

  /** A row that could not be read or was refused, with the veto's field errors (or its messages). */
  synchronized void refuse(long row, int status, List<String> messages, Map<String, List<String>> fieldErrors) {
    if (!failedRow(row)) {
      failedCount++;
      if (row >= 0 && row <= Integer.MAX_VALUE) {
        failedRows.set((int) row);
      } else {
        failedBeyond.add(row);
      }
    }
    // rows are not refused in file order (an unreadable row is refused when its chunk is read, before the rows
    // before it are judged): the import's status is that of the refused row that comes first in the file
    if (firstStatus == 0 || row < firstRow && firstRow != Long.MAX_VALUE) {
      firstStatus = status;
      firstRow = row;
    }
    if (fieldErrors.isEmpty()) {
      for (String message : new LinkedHashSet<>(messages)) {
        entry(row, null, message);
      }
    } else {
      fieldErrors.forEach((field, fieldMessages) -> fieldMessages.forEach(message -> entry(row, field, message)));
    }
  }

  void refuse(long row, Veto veto) {
    refuse(row, veto.status(), veto.messages(), veto.fieldErrors());
  }

  /** The import stopped before its end: why, in a sentence. */
  synchronized void stop(int status, String why) {
    stop(status, why, Map.of());
  }

  /**
   * The import stopped before its end for a reason of the server's (the database unavailable): its status is the
   * import's, whatever rows were refused before, and its headers ({@code Retry-After}) go with the answer.
   */
  synchronized void stop(int status, String why, Map<String, String> headers) {
    if (firstStatus == 0 || !headers.isEmpty()) {
      firstStatus = status;
    }
    stopped = why;
    stopHeaders = Map.copyOf(headers);
  }

  /** The headers of the answer of an import that stopped for a reason of the server's, else none. */
  synchronized Map<String, String> stopHeaders() {
    return stopHeaders;
  }

  synchronized boolean hasFailures() {
    return failedCount > 0 || stopped != null;
  }

  synchronized boolean stopped() {
    return stopped != null;
  }

  synchronized long imported() {
    return imported;
  }

  synchronized long failed() {
    return failedCount;
  }

  synchronized boolean failedRow(long row) {
    return row >= 0 && row <= Integer.MAX_VALUE ? failedRows.get((int) row) : failedBeyond.contains(row);
  }

  /** The status of the first refusal, or 422. */
  synchronized int status() {
    return firstStatus == 0 ? 422 : firstStatus;
  }

  private void entry(long row, String field, String message) {
    if (entries.size() < maxEntries) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("row", row);
      entry.put("field", field);
      entry.put("message", message);
      entries.add(entry);
    } else {
      truncated = true;
    }
  }

  /**
   * How far a job is: its phase, the rows of the current pass, the progress over all passes, the chunks committed and
   * the file's row the last ended at, then {@link #toMap}.
   */
  synchronized Map<String, Object> progressMap() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("phase", phase);
    body.put("processed", processed);
    body.put("progress", progress());
    body.put("chunks", chunks);
    body.put("lastRow", lastRow);
    body.putAll(toMap());
    return body;
  }

  /** The counts and the report as a JSON object. */
  synchronized Map<String, Object> toMap() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dryRun", dryRun);
    body.put("rows", rows);
    body.put(dryRun ? "valid" : "imported", imported);
    body.put("failed", failedCount);
    if (stopped != null) {
      body.put("stopped", stopped);
    }
    List<Map<String, Object>> report = new ArrayList<>(entries);
    // in the order of the file, each row's entries in the order they were found
    report.sort(Comparator.comparingLong(entry -> (Long) entry.get("row")));
    body.put("report", report);
    if (truncated) {
      body.put("reportTruncated", true);
    }
    return body;
  }
}
