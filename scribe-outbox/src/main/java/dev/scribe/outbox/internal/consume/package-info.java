/**
 * Internal and unsupported: how a {@code ChangeConsumer} calls its {@code @Subscribe} listener methods and
 * records processed message ids so that each message's effect runs once. Not an API for applications, and it
 * may change without notice.
 */
package dev.scribe.outbox.internal.consume;
