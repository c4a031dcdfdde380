/** Entities whose columns carry database constraints, for the tests of constraint violations and write conflicts. */
package dev.scribe.controller.conflicts;
