/**
 * Internal and unsupported: the bridge through which the implementation packages below this one reach
 * package-private members of {@code dev.scribe.core}, so that those members stay out of the documented API.
 * Applications must not use it; it changes without notice.
 */
package dev.scribe.core.internal;
