/**
 * Internal and unsupported: public-but-internal types of the repository tier — the tier's service
 * provider, the call options only the controller tier sets, and the access classes through which the
 * implementation sub-packages ({@code store}, {@code unit}, {@code write}, {@code read}) reach the
 * package-private members of the documented types. Not an API for applications, and it may change without
 * notice.
 */
package dev.scribe.repository.internal;
