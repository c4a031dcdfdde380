package dev.scribe.demo.tasks;

import dev.scribe.controller.Access;
import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionScope;
import dev.scribe.controller.AttachmentStore;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.core.Config;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.UnitOfWork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks resource, mounted twice: at {@code /tasks} for everyone and at {@code /admin/tasks}, where
 * archived tasks, internal notes and owners are visible to users with the admin role only (401 without a
 * user, 403 without the role). {@code internalNotes} and {@code ownerId} are declared hidden once, outside
 * {@code admin.**} ({@code titleKey}, the rule's lookup key, everywhere): the framework keeps them out of every answer, embed, filter, sort, count and field list
 * there (clients may still write it).
 */
public class TaskController extends Controller<Task, Long> {
  public static final List<String> SEED_TITLES = List.of("Read the Scribe README", "Write a handler", "Trace a request");

  public TaskController(TaskRepository tasks) {
    super(tasks);
    // PUT/GET/DELETE /tasks/{id}/files/{name}: notes, pictures and PDFs of up to 5 MiB, kept in the database.
    attachments(AttachmentStore.database());
    configure(Config.of(Map.of("hiddenFields", List.of("internalNotes", "ownerId", "titleKey"),
            "maxFileBytes", 5 << 20, "fileTypes", List.of("text/*", "image/*", "application/pdf")))
        .override("admin.**", Map.of("hiddenFields", List.of("titleKey"), Access.REQUIRES_ROLE, Owners.ADMIN)));
    // POST /tasks/{id}/complete: the repository's postUpdate rule then completes the subtasks.
    action("complete", ActionScope.ITEM, args -> repository().update((Long) args.id(), Map.of("completed", true),
        CallOptions.builder().path(args.path()).user(args.get(EventArgs.USER)).build()));
    // POST /tasks/find: an index query (filters, sort, page, size, fields) in a JSON body instead of the URL.
    action("find", ActionScope.COLLECTION, this::find);
  }

  /**
   * Completing twice is a client error, not a silent no-op; so is a body, which the action does not read, and a query
   * parameter other than {@code fields} and {@code with}, which shape the answer: a client sending
   * {@code {"completed": false}} or {@code ?completed=false} must not get a 200 that completed the task.
   */
  void onPreComplete(EventArgs args) {
    refuseQuery(args);
    refuseBody(args);
    Task task = args.entity(Task.class);
    if (task.isCompleted()) {
      throw new Veto(409, "task " + task.getId() + " is already completed");
    }
  }

  /** The query parameters of the task's own URL, which shape the answer; the action reads no other. */
  private static final List<String> ANSWER_PARAMETERS = List.of("fields", "with");

  private static void refuseQuery(EventArgs args) {
    Map<String, Object> query = args.query();
    if (query == null || ANSWER_PARAMETERS.containsAll(query.keySet())) {
      return;
    }
    String action = args.path();
    String resource = action.substring(0, action.lastIndexOf('.'));
    List<String> unread = new ArrayList<>(query.keySet());
    unread.removeAll(ANSWER_PARAMETERS);
    Veto.Builder veto = Veto.builder().status(400).message(action + " takes the query parameters "
        + String.join(", ", ANSWER_PARAMETERS) + "; '" + unread.get(0) + "' is not one of them: it sets completed to true"
        + " and changes nothing else; change other fields with PATCH /" + resource.replace('.', '/') + "/" + args.id());
    unread.forEach(key -> veto.field(key, "is not read by " + action));
    throw veto.build();
  }

  private static void refuseBody(EventArgs args) {
    Map<String, Object> params = args.params();
    if (params == null || params.isEmpty()) {
      return;
    }
    String action = args.path();
    String resource = action.substring(0, action.lastIndexOf('.'));
    Veto.Builder veto = Veto.builder().status(400).message(action + " takes no body: it sets completed to true and"
        + " changes nothing else; send it without a body (or {}), and change other fields with PATCH /"
        + resource.replace('.', '/') + "/" + args.id());
    params.keySet().forEach(key -> veto.field(key, "is not read by " + action));
    throw veto.build();
  }

  /** Seeds three example tasks into an empty database, through the store action so that every handler runs. */
  void onStart(EventArgs args) {
    UnitOfWork unit = repository().store().currentUnitOfWork().orElseThrow();
    // Instances starting at once on one empty database seed one after the other: the second counts the
    // first's tasks (a key lock across instances on PostgreSQL) instead of refusing its own seeds as duplicates.
    unit.lock("demo.seed", "tasks");
    // every task counts, whoever owns it: a count through the repository sees the caller's row scope only
    long tasks = unit.entityManager().createQuery("select count(t) from Task t", Long.class).getSingleResult();
    if (tasks > 0) {
      return;
    }
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < SEED_TITLES.size(); i++) {
      seeds.add(new LinkedHashMap<>(Map.of("title", SEED_TITLES.get(i), "priority", i + 2)));
    }
    store(ActionRequest.builder().resource("tasks").body(seeds).build());
  }

  /** The slug is derived from the title, never sent by clients. */
  void onPreStore(EventArgs args) {
    for (Map<String, Object> record : Controller.records(args)) {
      if (record.get("title") instanceof String) {
        record.put("slug", Slugs.of((String) record.get("title")));
      }
    }
  }

  /** Outside admin, archived tasks are hidden by narrowing the query, so paging and totals stay right. */
  void onPreIndex(EventArgs args) {
    if (!isAdmin(args)) {
      args.query().put("archived[ne]", "true");
    }
  }

  /** An export shows what the index shows: outside admin, no archived tasks. */
  void onPreExport(EventArgs args) {
    if (!isAdmin(args)) {
      args.query().put("archived[ne]", "true");
    }
  }

  /** find reads its body as an index query, so it hides archived tasks outside admin too. */
  void onPreFind(EventArgs args) {
    if (!isAdmin(args)) {
      args.params().put("archived[ne]", "true");
    }
  }

  /**
   * A bulk update by query changes what the same query lists: outside admin, no archived tasks (they are
   * reached, and deleted, under /admin/tasks).
   */
  void onPreUpdate(EventArgs args) {
    hideArchivedFromBulk(args);
  }

  /** A bulk delete by query deletes what the same query lists: outside admin, no archived tasks. */
  void onPreDestroy(EventArgs args) {
    hideArchivedFromBulk(args);
  }

  private static void hideArchivedFromBulk(EventArgs args) {
    if (Boolean.TRUE.equals(args.get(ControllerTier.BULK)) && !isAdmin(args)) {
      args.query().put("archived[ne]", "true");
    }
  }

  private static boolean isAdmin(EventArgs args) {
    return args.path() != null && args.path().startsWith("admin.");
  }
}
