/**
 * Internal and unsupported: what an answer shows of an entity: {@code EntityView} renders records with their
 * {@code Embeds}, {@code FieldVisibility} and {@code FieldPolicies} decide which fields a call may see or
 * send, {@code FrontEndOptions} reads the fields and embeds a request asks for. Public only for
 * {@code dev.scribe.controller}; it may change without notice.
 */
package dev.scribe.controller.internal.view;
