/**
 * The HTTP binding of the controller tier: the servlet ({@code ScribeServlet}) with its router, mounts and
 * routes, request bodies read within their limit, the caller, trace headers, import files, and the Jetty
 * handler {@link dev.scribe.controller.ScribeServer} installs to buffer bodies. JSON bodies and the query
 * string are in {@code http.codec}, RFC 9457 problems in {@code http.problem}, export and import formats and
 * import jobs in {@code http.bulk}. Applications reach all of it through
 * {@link dev.scribe.controller.RestApplication}. The public types here and in those packages are public only
 * for {@code dev.scribe.controller}: internal, unsupported, and they may change without notice.
 */
package dev.scribe.controller.http;
