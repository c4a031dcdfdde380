/**
 * Internal and unsupported: what an action reads of its request before it runs: the query
 * ({@code QueryParser}), the shape of the body ({@code BodyShapes}, {@code ClientRecords}), the parent of a
 * nested resource ({@code Parent}), conditional headers ({@code IfMatch}, {@code NotModified}) and where a
 * write points next ({@code NextUrls}, checked with the other options by {@code OptionChecks}). Public only
 * for {@code dev.scribe.controller}; it may change without notice.
 */
package dev.scribe.controller.internal.request;
