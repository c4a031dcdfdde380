package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel example of the documentation, run as written. */
class KernelExampleTest {
  // tag::kernel-owner[]
  static final Tier REPOSITORY = Tier.builder("repository")
      .events("preCreate", "validateCreate", "postCreate")
      .handlerPrefixes("pre", "post", "validate")
      .build();

  static class TaskRepository {
    void preCreate(EventArgs args) {
      Map<String, Object> params = args.params();
      params.put("slug", params.get("title").toString().toLowerCase().replace(' ', '-'));
    }

    void validateCreate(EventArgs args) {
      if (args.params().get("title").toString().isBlank()) {
        throw Veto.field("title", "must not be blank");
      }
    }
  }

  static class Audit {
    final List<String> log = new ArrayList<>();

    @On(value = "postCreate", path = "admin.**")
    void adminCreated(EventArgs args) {
      log.add("admin created " + args.params().get("slug"));
    }
  }
  // end::kernel-owner[]

  @TempDir
  Path dir;

  @Test
  void theExampleRunsAsDocumented() throws IOException {
    // tag::kernel-fire[]
    Path bindings = Files.writeString(dir.resolve("bindings.json"), "{ \"**.tasks.store\": { \"preCreate\": [\"stampOwner\"] } }");

    Scribe scribe = Scribe.builder()
        .tier(REPOSITORY)
        .discoverTiers(false) // this tier is the example's own: with scribe-repository present, the name is taken
        .handler("stampOwner", args -> args.params().put("owner", "alice"))
        .bindings(bindings)
        .trace(true)
        .build();
    TaskRepository repository = new TaskRepository();
    EventManager events = scribe.register(REPOSITORY, repository);
    Audit audit = new Audit();
    events.subscribe(audit);
    events.on(HandlerSpec.of("preCreate").name("trimTitle").priority(10),
        args -> args.params().computeIfPresent("title", (key, title) -> title.toString().strip()));

    EventArgs args = EventArgs.builder().self(repository).path("admin.tasks.store")
        .put(EventArgs.PARAMS, new HashMap<>(Map.of("title", "  Write docs "))).build();
    Trace trace;
    try (TraceScope scope = scribe.openTrace()) {
      events.fire("preCreate", args);
      events.fire("validateCreate", args);
      events.fire("postCreate", args);
      trace = scope.trace();
    }
    // end::kernel-fire[]

    assertThat(args.params()).containsOnly(Map.entry("title", "Write docs"), Map.entry("slug", "write-docs"),
        Map.entry("owner", "alice"));
    assertThat(audit.log).containsExactly("admin created write-docs");
    // tag::kernel-trace[]
    assertThat(trace.toString().replaceAll(" \\d+us ", " …us ")).isEqualTo("""
        repository.preCreate trimTitle @admin.tasks.store …us changed=[params] ok
        repository.preCreate TaskRepository.preCreate @admin.tasks.store …us changed=[params] ok
        repository.preCreate stampOwner @admin.tasks.store …us changed=[params] ok
        repository.validateCreate TaskRepository.validateCreate @admin.tasks.store …us changed=[] ok
        repository.postCreate Audit.adminCreated @admin.tasks.store …us changed=[] ok
        """);
    assertThat(args.params()).isEqualTo(Map.of("title", "Write docs", "owner", "alice", "slug", "write-docs"));
    assertThat(audit.log).containsExactly("admin created write-docs");
    // end::kernel-trace[]
    // tag::kernel-describe[]
    assertThat(events.describe()).extracting(event -> event.event() + " " + event.handlers()).containsExactly(
        "preCreate [trimTitle [lambda, priority 10, on TaskRepository], "
            + "TaskRepository.preCreate [own_method, priority 0, on TaskRepository], "
            + "stampOwner [named, priority 0, path **.tasks.store, on tier]]",
        "validateCreate [TaskRepository.validateCreate [own_method, priority 0, on TaskRepository]]",
        "postCreate [Audit.adminCreated [subscriber, priority 0, path admin.**, on TaskRepository]]");
    // end::kernel-describe[]
    assertThat(trace.handlerNames()).containsExactly("repository.preCreate:trimTitle",
        "repository.preCreate:TaskRepository.preCreate", "repository.preCreate:stampOwner",
        "repository.validateCreate:TaskRepository.validateCreate", "repository.postCreate:Audit.adminCreated");

    EventArgs blank = EventArgs.builder().self(repository).path("tasks.store")
        .put(EventArgs.PARAMS, new HashMap<>(Map.of("title", " "))).build();
    assertThatThrownBy(() -> events.fire("validateCreate", blank))
        .isInstanceOfSatisfying(Veto.class, veto -> {
          assertThat(veto.status()).isEqualTo(422);
          assertThat(veto.fieldErrors()).isEqualTo(Map.of("title", List.of("must not be blank")));
        });
  }
}
