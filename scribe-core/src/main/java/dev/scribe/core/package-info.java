/**
 * The Scribe event kernel: {@link dev.scribe.core.Scribe} owns the {@link dev.scribe.core.EventManager}s of
 * an application; each fires the events of one {@link dev.scribe.core.Tier} with a mutable
 * {@link dev.scribe.core.EventArgs}; a handler stops an operation with a {@link dev.scribe.core.Veto}.
 * Ordering, path filters, named handlers, options and trace are all defined here; the tiers built on
 * top only define their catalogues and when they fire.
 */
package dev.scribe.core;
