/**
 * Internal and unsupported: public-but-internal types of the repository tier (the tier's service provider,
 * the call options only the controller tier sets). Not an API for applications, and it may change without
 * notice.
 */
package dev.scribe.repository.internal;
