package dev.scribe.controller;

import dev.scribe.core.TraceEntry;
import java.util.List;

/**
 * One request as the console's {@link RequestRecorder} keeps it.
 *
 * @param sequence       the recorder's running number, 1 for the first request recorded
 * @param id             the request id (also in {@code X-Scribe-Request-Id} and in 500 bodies)
 * @param timeMillis     when the request arrived, in epoch milliseconds
 * @param method         the HTTP method
 * @param urlPath        the URL path relative to where the application is mounted, e.g. {@code /tasks/3}
 * @param query          the query string with secret-looking parameters masked, or null
 * @param status         the response status
 * @param durationNanos  time from arrival until the response was ready to be sent
 * @param path           the context path of the action, e.g. {@code tasks.update}, or null when no action ran
 * @param action         the action, e.g. {@code update}, or null
 * @param startNanos     {@link System#nanoTime()} at arrival, to place the handler runs on a timeline
 * @param entries        the handler runs in start order, at most the console's {@code maxEntries}
 * @param dropped        handler runs beyond {@code maxEntries}, counted but not kept
 * @param statements     SQL statements prepared during the request
 */
public record RecordedRequest(long sequence, String id, long timeMillis, String method, String urlPath, String query,
    int status, long durationNanos, String path, String action, long startNanos, List<TraceEntry> entries, int dropped,
    int statements) {

  public RecordedRequest {
    entries = List.copyOf(entries);
  }
}
