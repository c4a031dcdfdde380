/**
 * Test support shared with the controller tier's tests (published as the test-jar of scribe-repository):
 * {@link dev.scribe.repository.testing.TestDatabase}, an isolated H2 or PostgreSQL database per test class.
 */
package dev.scribe.repository.testing;
