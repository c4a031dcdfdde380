/** Entities whose records go with another record, by cascade or as orphans, for the attachment tests. */
package dev.scribe.controller.cascade;
