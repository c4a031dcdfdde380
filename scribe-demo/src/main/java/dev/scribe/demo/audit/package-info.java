/**
 * What the demo records about its writes: an audit entry per create, update and delete, written in the same
 * transaction, and a notification per completed task, published after the commit.
 */
package dev.scribe.demo.audit;
