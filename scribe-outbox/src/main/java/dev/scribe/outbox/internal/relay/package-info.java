/**
 * Internal and unsupported: the outbox table, the writer that fills it in each unit of work, and the relay
 * that publishes its rows. Not an API for applications, and it may change without notice.
 */
package dev.scribe.outbox.internal.relay;
