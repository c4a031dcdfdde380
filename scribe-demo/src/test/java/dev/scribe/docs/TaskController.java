package dev.scribe.docs;

import dev.scribe.controller.ActionScope;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.ExportColumn;
import dev.scribe.core.Config;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import java.util.List;
import java.util.Map;

/** The task controller of the guides' examples. */
// tag::controller-tasks[]
public class TaskController extends Controller<Task, Long> {
  TaskController(TaskRepository tasks) {
    super(tasks);
    // tag::controller-options[]
    configure(Config.of(Map.of("maxPageSize", 50, "hiddenFields", List.of("internalNotes")))
        .override("admin.**", Map.of("deletable", false, "hiddenFields", List.of())));   // per context path
    // end::controller-options[]
    // tag::custom-action[]
    action("complete", ActionScope.ITEM, args -> repository().update((Long) args.id(), Map.of("completed", true),
        CallOptions.builder().path(args.path()).build()));                                // POST /tasks/{id}/complete
    action("find", ActionScope.COLLECTION, this::find);                                   // an index query in the body
    // end::custom-action[]
  }

  void onPreStore(EventArgs args) {                                // auto-subscribed by name
    for (Map<String, Object> record : Controller.records(args)) {  // one record or a batch
      record.putIfAbsent("internalNotes", "created over HTTP");
    }
  }

  void onPostShow(EventArgs args) {
    ((Map<?, ?>) args.result()).remove("createdBy");               // the result is what is sent
    ControllerTier.directive(args).put("subtasks", "/tasks/" + args.id() + "/subtasks");   // merged into the body
  }

  // tag::custom-action[]
  void onPreComplete(EventArgs args) {                             // subscribed like onPreStore
    if (args.entity(Task.class).completed) {
      throw new Veto(409, "task " + args.id() + " is already completed");
    }
  }
  // end::custom-action[]

  // tag::export-columns[]
  void onPreExport(EventArgs args) {
    args.query().put("archived[ne]", "true");                      // an export shows what the index shows
    List<ExportColumn> columns = ExportColumn.of(args);
    columns.removeIf(column -> "internalNotes".equals(column.attribute()));
    columns.replaceAll(column -> column.header().equals("title") ? column.renamed("name") : column);
    columns.add(ExportColumn.computed("url", (row, task) -> "/tasks/" + row.get("id")));
  }
  // end::export-columns[]
}
// end::controller-tasks[]
