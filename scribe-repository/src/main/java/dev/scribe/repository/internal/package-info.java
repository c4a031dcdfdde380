/**
 * Internal and unsupported: public-but-internal types of the repository tier (service providers). Not an
 * API for applications, and it may change without notice.
 */
package dev.scribe.repository.internal;
