/**
 * Internal and unsupported: the {@code /auth} routes of an {@link dev.scribe.controller.AuthController}
 * ({@code AuthRoutes}), what one call brings ({@code AuthCall}) and what the routes read of bodies. Public
 * only for {@code dev.scribe.controller}; it may change without notice.
 */
package dev.scribe.controller.internal.auth;
