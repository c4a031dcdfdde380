/**
 * Internal and unsupported: the dispatch kernel behind {@code EventManager.fire}: per-event plans of handlers in order, the per-thread depth guard and trace recording. Public only so that
 * {@code dev.scribe.core} can reach it across packages; applications must not use it, and it changes without notice.
 */
package dev.scribe.core.internal.dispatch;
