/**
 * Internal and unsupported: a record's params as copy-on-write frames over the caller's maps and lists, so
 * that handlers may change what they are handed without changing what the caller passed. Not an API for
 * applications; it may change without notice.
 */
package dev.scribe.repository.internal.params;
