/**
 * The HTTP binding of the controller tier: the servlet ({@code ScribeServlet}) with its router and mounts,
 * request bodies read within their limit, the caller, JSON bodies, RFC 9457 problem rendering, trace
 * headers, export formats, and the Jetty handlers {@link dev.scribe.controller.ScribeServer} installs.
 * Applications reach all of it through {@link dev.scribe.controller.RestApplication}. The public types
 * here are public only for {@code dev.scribe.controller}: internal, unsupported, and they may change
 * without notice.
 */
package dev.scribe.controller.http;
