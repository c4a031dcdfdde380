/**
 * Internal and unsupported: bulk data: the export of an index ({@code Exporter} with its
 * {@code ExportWriter}s) and the import of a file ({@code Importer} reading {@code ImportRows} and answering
 * an {@code ImportReport}). Public only for {@code dev.scribe.controller}; it may change without notice.
 */
package dev.scribe.controller.internal.bulk;
