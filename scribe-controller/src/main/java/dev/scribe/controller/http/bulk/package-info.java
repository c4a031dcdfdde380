/**
 * The file formats of export and import ({@code ExportFormat}, {@code ImportFormat}) and the jobs of
 * asynchronous imports ({@code ImportJobs}). Public only for {@code dev.scribe.controller}: internal,
 * unsupported, and it may change without notice.
 */
package dev.scribe.controller.http.bulk;
