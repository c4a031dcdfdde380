/**
 * Internal and unsupported: trace scopes on a thread and the value renderings of a recorded handler run. Public only so that
 * {@code dev.scribe.core} can reach it across packages; applications must not use it, and it changes without notice.
 */
package dev.scribe.core.internal.trace;
