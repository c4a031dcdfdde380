/**
 * Internal and unsupported: how a data store starts and what it shares across units of work — its settings,
 * the Hibernate bootstrap and connection pool, the registered repositories, the database's named constraints,
 * the translation of database failures into the repository's exceptions and the publishing of committed
 * writes. Not an API for applications; it may change without notice.
 */
package dev.scribe.repository.internal.store;
