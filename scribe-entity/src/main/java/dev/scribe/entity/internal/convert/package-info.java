/**
 * Internal and unsupported: the parts of {@link dev.scribe.entity.internal.ValueConverter}, one role each
 * (text to a type, numbers to a type, and what a JSON value should look like for messages). Not an API for
 * applications, and it may change without notice.
 */
package dev.scribe.entity.internal.convert;
