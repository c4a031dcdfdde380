/**
 * Internal and unsupported: the tier providers the service loader finds, the controller events the
 * implementation fires ({@code ControllerEvents}), what a controller runs on ({@code ControllerRuntime}) and
 * what the implementation packages ({@code internal.action}, {@code internal.request}, {@code internal.view},
 * {@code internal.files}, {@code internal.bulk}, {@code internal.console}, {@code internal.auth},
 * {@code internal.app}) may read of the documented types ({@code ControllerAccess}). Public only for the
 * service loader and {@code dev.scribe.controller}; not an API for applications, and it may change without
 * notice.
 */
package dev.scribe.controller.internal;
