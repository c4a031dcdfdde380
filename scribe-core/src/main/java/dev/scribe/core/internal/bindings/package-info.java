/**
 * Internal and unsupported: reading and checking binding files ({@code Scribe.Builder.bindings}). Public only so that
 * {@code dev.scribe.core} can reach it across packages; applications must not use it, and it changes without notice.
 */
package dev.scribe.core.internal.bindings;
