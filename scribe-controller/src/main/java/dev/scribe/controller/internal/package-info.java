/**
 * Internal and unsupported: the tier providers the service loader finds. Public only so that the service
 * loader can create them; not an API for applications, and it may change without notice.
 */
package dev.scribe.controller.internal;
