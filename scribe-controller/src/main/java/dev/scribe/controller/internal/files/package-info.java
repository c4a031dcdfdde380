/**
 * Internal and unsupported: file attachments on records ({@code Controller.attachments}): the file actions
 * ({@code Attachments}), their table ({@code AttachmentTable}), the two stores behind
 * {@code AttachmentStore}, file names and types, uploads within their limit and byte ranges. Public only for
 * {@code dev.scribe.controller}; it may change without notice.
 */
package dev.scribe.controller.internal.files;
