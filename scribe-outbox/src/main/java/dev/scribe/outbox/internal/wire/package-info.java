/**
 * Internal and unsupported: the JSON of outbox payloads, AMQP connection factories and the change feed's
 * Server-Sent Events servlet. Not an API for applications, and it may change without notice.
 */
package dev.scribe.outbox.internal.wire;
