/**
 * Internal and unsupported: how an action runs. {@code ActionRunner} checks a request and hands it to the
 * step of one of the five actions ({@code IndexAction}, {@code StoreAction}, {@code ShowAction},
 * {@code UpdateAction}, {@code DestroyAction}) over the shared {@code ActionSteps}; {@code CustomActions} runs
 * the actions a controller declares; {@code ErrorResponder} answers failures. Public only for
 * {@code dev.scribe.controller}; it may change without notice.
 */
package dev.scribe.controller.internal.action;
