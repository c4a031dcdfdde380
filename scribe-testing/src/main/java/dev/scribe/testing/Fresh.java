package dev.scribe.testing;

/**
 * How fresh the {@link ScribeExtension}'s data store is for each test.
 *
 * <pre>{@code
 * @ScribeTest(entities = Task.class, fresh = Fresh.STORE_PER_TEST)
 * }</pre>
 */
public enum Fresh {
  /** One store per test class; every table is emptied after each test (the default: fast, and isolated by rows). */
  ROWS_PER_TEST,
  /** A new database and store for each test: repositories registered, handlers attached, all start over. */
  STORE_PER_TEST,
  /** One store per test class and its rows kept from test to test (for classes that seed once and only read). */
  SHARED
}
