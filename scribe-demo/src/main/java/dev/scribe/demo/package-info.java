/**
 * The demo's start-up: the command line ({@code DemoMain}, {@code DemoOptions}), the wiring of its data store,
 * controllers, identity, console and outbox ({@code DemoApplication}), and the embedded form the tests start.
 * The resources are in {@link dev.scribe.demo.tasks} and {@link dev.scribe.demo.audit}.
 */
package dev.scribe.demo;
