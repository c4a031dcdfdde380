package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An {@code onPreImport} handler may change {@code dryRun}, {@code ignoreErrors} and {@code chunkSize}, and the import
 * runs with what it put there. What it puts there that the import cannot run with is the handler's broken args
 * contract, named in the {@code onError} the application sees (a 500), never a 400 that blames the client for it nor
 * a value passed over.
 */
class ImportArgsFlowBackTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private static final String CSV = "title,priority\r\none,1\r\n,9\r\nthree,2\r\n"; // row 3 has no title

  private static Reply importRows(String query) {
    return http.send("POST", "/tasks/import" + query, CSV, "Content-Type", "text/csv");
  }

  @Test
  void whatAnOnPreImportHandlerPutsUnderTheThreeKeysIsWhatTheImportRunsWith() {
    List<Integer> chunks = new ArrayList<>();
    http.on(http.taskController.events(), "onPreStore", args -> {
      if (Boolean.TRUE.equals(args.get("import")) && Boolean.FALSE.equals(args.get("dryRun"))) {
        chunks.add(((List<?>) args.get(EventArgs.PARAMS)).size());
      }
    });
    http.on(http.taskController.events(), "onPreImport", args -> {
      args.put(ControllerTier.CHUNK_SIZE, 1);
      args.put(ControllerTier.IGNORE_ERRORS, true);
    });

    Reply kept = importRows("");

    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(kept.map()).containsEntry("imported", 2).containsEntry("failed", 1);
    assertThat(chunks).containsExactly(1, 1, 1);
    assertThat(http.rows("http_tasks")).isEqualTo(2L);

    http.on(http.taskController.events(), "onPreImport", args -> args.put(ControllerTier.DRY_RUN, true));
    Reply dry = importRows("");
    assertThat(dry.map()).containsEntry("dryRun", true).containsEntry("valid", 2);
    assertThat(http.rows("http_tasks")).isEqualTo(2L);
  }

  @Test
  void aValueTheImportCannotRunWithIsTheHandlersBrokenContractAndNothingIsWritten() {
    Map<String, Consumer<EventArgs>> handlers = new java.util.LinkedHashMap<>();
    handlers.put("dryRun", args -> args.remove(ControllerTier.DRY_RUN));
    handlers.put("ignoreErrors", args -> args.put(ControllerTier.IGNORE_ERRORS, "yes"));
    handlers.put("chunkSize", args -> args.put(ControllerTier.CHUNK_SIZE, "10"));
    handlers.put("chunkSize ", args -> args.put(ControllerTier.CHUNK_SIZE, 0));
    handlers.put("chunkSize  ", args -> args.put(ControllerTier.CHUNK_SIZE, 1L << 32));
    handlers.put("chunkSize   ", args -> args.put(ControllerTier.CHUNK_SIZE, 2.5));
    for (Map.Entry<String, Consumer<EventArgs>> handler : handlers.entrySet()) {
      http.reset();
      List<Object> failures = new ArrayList<>();
      http.on(http.taskController.events(), "onPreImport", handler.getValue()::accept);
      http.on(http.taskController.events(), "onError", args -> failures.add(args.get(ControllerTier.EXCEPTION)));

      Reply reply = importRows("?ignoreErrors=true");

      assertThat(reply.status()).as(handler.getKey() + ": " + reply.body()).isEqualTo(500);
      assertThat(failures).as(handler.getKey()).singleElement().isInstanceOfSatisfying(ArgsContractException.class,
          e -> {
            assertThat(e.key()).isEqualTo(handler.getKey().strip());
            assertThat(e.getMessage()).startsWith("an onPreImport handler of tasks.import left ");
          });
      assertThat(http.rows("http_tasks")).as(handler.getKey()).isZero();
    }
  }
}
