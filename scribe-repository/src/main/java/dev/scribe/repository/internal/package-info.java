/** Public-but-internal types of the repository tier (service providers). Not an API for applications. */
package dev.scribe.repository.internal;
