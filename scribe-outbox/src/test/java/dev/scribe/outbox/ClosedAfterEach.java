package dev.scribe.outbox;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opened (stores, outboxes, consumers), closed after it in the reverse order of opening, so that
 * an outbox closes before its store and a failing test leaves no relay running into the next one.
 *
 * <pre>
 * &#64;RegisterExtension final ClosedAfterEach closing = new ClosedAfterEach();
 * DataStore store = closing.keep(PostgresSchema.store(schema, true, ENTITIES));
 * </pre>
 */
final class ClosedAfterEach implements AfterEachCallback {
  private final List<AutoCloseable> resources = new ArrayList<>();

  /** {@code resource}, to be closed after the test. */
  <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      for (int i = resources.size() - 1; i >= 0; i--) {
        resources.get(i).close();
      }
    } finally {
      resources.clear();
    }
  }
}
