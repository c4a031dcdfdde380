package dev.scribe.bench.http;

import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;

/** The HTTP benchmarks' data stores: {@link BenchTask} on an H2 database in memory of its own. */
public final class BenchStores {
  private BenchStores() {}

  /** A store on {@code jdbc:h2:mem:<name>}, its schema created now and dropped when it closes. */
  public static DataStore inMemory(Scribe scribe, String name) {
    return DataStore.builder(scribe)
        .jdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1").username("sa").password("")
        .entities(BenchTask.class)
        .schemaAction("create-drop")
        .build();
  }
}
