/**
 * The bodies of the HTTP binding: JSON read and written ({@code JsonCodec}), a request body as received
 * ({@code RequestBody}) and the query string ({@code QueryString}). Public only for
 * {@code dev.scribe.controller}: internal, unsupported, and it may change without notice.
 */
package dev.scribe.controller.http.codec;
