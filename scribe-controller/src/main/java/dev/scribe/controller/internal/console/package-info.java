/**
 * Internal and unsupported: the console and the introspection of an application: the console's pages and
 * JSON ({@code Console}, {@code ConsoleJson}), the URL globs of its options, and the description of the
 * managers and custom actions ({@code Introspection}, {@code CustomActionCatalogue}). Public only for
 * {@code dev.scribe.controller}; it may change without notice.
 */
package dev.scribe.controller.internal.console;
