/** Owned documents with nested notes, for the identity and authorization tests. */
package dev.scribe.controller.secured;
