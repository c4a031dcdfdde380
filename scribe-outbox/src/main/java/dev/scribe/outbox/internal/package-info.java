/**
 * Internal and unsupported: the implementation of {@code dev.scribe.outbox}. Public only so that the public
 * types of {@code dev.scribe.outbox} can use it from its role packages ({@code relay}: the outbox table, its
 * writer and relay; {@code consume}: the consumers' listener methods and processed-message records;
 * {@code wire}: JSON, AMQP connections and the change-feed servlet). Not an API for applications, and it may
 * change without notice.
 */
package dev.scribe.outbox.internal;
