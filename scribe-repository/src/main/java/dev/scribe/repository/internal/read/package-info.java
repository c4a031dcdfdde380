/**
 * Internal and unsupported: the read path of a repository — gets, lists, counts and row-scope checks
 * ({@code Reads}), the Criteria API queries they run and the scrolling reads of {@code forEach}. Not an
 * API for applications; it may change without notice.
 */
package dev.scribe.repository.internal.read;
