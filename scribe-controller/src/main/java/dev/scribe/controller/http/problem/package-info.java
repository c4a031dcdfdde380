/**
 * The failures of the HTTP binding: RFC 9457 problem bodies ({@code Problems}), the vetoes that set response
 * headers ({@code HttpVeto}) and the Jetty error handler that answers with problems
 * ({@code ProblemErrorHandler}). Public only for {@code dev.scribe.controller}: internal, unsupported, and it
 * may change without notice.
 */
package dev.scribe.controller.http.problem;
