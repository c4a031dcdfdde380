/** A resource whose ids are text, so its URLs must encode them. */
package dev.scribe.controller.labels;
