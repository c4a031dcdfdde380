/**
 * Internal and unsupported: finding an owner's handler methods by name or {@code @On}, binding them to {@code EventHandler}s once, and near-miss suggestions. Public only so that
 * {@code dev.scribe.core} can reach it across packages; applications must not use it, and it changes without notice.
 */
package dev.scribe.core.internal.scan;
