/**
 * Internal and unsupported: the write path of a repository — one call's records through their events
 * ({@code Writes}, {@code WriteCall}, {@code RecordLoop}), creating, updating and deleting one record,
 * binding params to entities, loading and locking the existing records, and the bulk calls. Not an API for
 * applications; it may change without notice.
 */
package dev.scribe.repository.internal.write;
