/** Boards and cards, each scoped by its own repository, for the tests of embedded records and handler reads. */
package dev.scribe.controller.boards;
