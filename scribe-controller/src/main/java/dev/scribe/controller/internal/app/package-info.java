/**
 * Internal and unsupported: a {@link dev.scribe.controller.RestApplication} as its servlet serves it
 * ({@code AppBinding}), each mounted controller as an endpoint of the HTTP binding ({@code ControllerEndpoint})
 * and the mounts its builder makes ({@code Mounts}). Public only for {@code dev.scribe.controller}; it may
 * change without notice.
 */
package dev.scribe.controller.internal.app;
