package dev.scribe.controller;

import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.ControllerRuntime;
import dev.scribe.controller.internal.action.Action;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.OptionChecks;
import dev.scribe.controller.internal.view.FieldVisibility;
import dev.scribe.core.Config;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Option;
import dev.scribe.core.Options;
import dev.scribe.core.UsageException;
import dev.scribe.repository.Page;
import dev.scribe.repository.Repository;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller of one resource: the five actions index, store, show, update and destroy over its
 * repository, each one unit of work, each firing the controller events around the repository calls.
 * Extend it and declare handler methods by event name, or mount one for a repository as it is.
 *
 * <p>Events, in the order one action fires them: {@code onInit}, {@code onPre<Action>} (args:
 * {@code query} or {@code params}, {@code id}, {@code frontEndOptions}, {@code controllerOptions},
 * {@code overrides}, {@code controller}), then the repository calls, then {@code onPost<Action>} (the
 * same plus {@code result}, what is sent, and {@code directive}, merged into the body). For a batch,
 * {@code params} is the list of records (of ids for destroy) and {@code batch} is true; {@link #records}
 * reads both shapes. A failure
 * anywhere rolls the unit of work back and fires {@code onError} (args {@code exception},
 * {@code status}, {@code error} = the problem body, {@code headers}; put an {@link ActionResponse} under
 * {@value ActionResponse#ARGS_KEY} to answer differently). {@code onStart} fires once when the
 * application starts. What a handler changes in the args is what the action continues with.
 *
 * <p>Options (per context path through {@link Config} overrides): {@code insertable}, {@code editable},
 * {@code deletable} (default true; false answers 405), {@code defaultPageSize} (20), {@code maxPageSize}
 * (100), {@code createNext} (false; true points {@code Location} at the collection, to create the next
 * record; a URL template such as {@code "/tasks/[id]/subtasks"} points it there), {@code updateNext} and
 * {@code deleteNext} (the same after an update or a destroy; checked when configured), {@code ignoreErrors} (false; keep the valid records of a batch), {@code rejectUnknownFields}
 * (passed to the repository when set), {@code hiddenFields} (none; attributes absent from every answer,
 * filter, sort and field list on the path, see {@link FieldVisibility}) and {@code maxBatchSize} (10000;
 * a larger batch is answered 413 before anything is written); with {@link #attachments}, {@code maxFileBytes}
 * and {@code fileTypes}.
 *
 * <p>Thread-safe: one instance serves every request.
 *
 * <pre>{@code
 * class TaskController extends Controller<Task, Long> {
 *   TaskController(TaskRepository tasks) {
 *     super(tasks);
 *     configure(Config.of(Map.of("maxPageSize", 50)).override("admin.**", Map.of("maxPageSize", 500)));
 *   }
 *
 *   void onPreStore(EventArgs args) {
 *     for (Map<String, Object> record : records(args)) {   // one record, or each record of a batch
 *       record.putIfAbsent("status", "open");
 *     }
 *   }
 *
 *   void onPostShow(EventArgs args) {
 *     ((Map<?, ?>) args.result()).remove("internalNote");
 *   }
 * }
 * }</pre>
 */
public class Controller<E, ID> {
  /** The option defaults every controller starts from. */
  public static final Map<String, Object> DEFAULT_OPTIONS = defaults();

  private final Repository<E, ID> repository;
  private final ControllerRuntime<E, ID> runtime = new ControllerRuntime<>(this);
  private volatile Config config = Config.of(DEFAULT_OPTIONS);
  private volatile EventManager events;

  /** A controller over {@code repository}, which must already be registered with its data store. */
  public Controller(Repository<E, ID> repository) {
    if (repository == null) {
      throw new UsageException("new Controller(null): pass the repository the controller serves, registered with its data"
          + " store first, e.g. new Controller<>(store.register(new TaskRepository()))");
    }
    this.repository = repository;
  }

  /**
   * This controller's event manager; created on first use, which subscribes the handler methods
   * declared on the subclass.
   */
  public final EventManager events() {
    EventManager manager = events;
    if (manager == null) {
      synchronized (this) {
        manager = events;
        if (manager == null) {
          manager = repository.store().scribe().register(ControllerTier.TIER, this, Controller.class, ownerName(),
              runtime.eventNames());
          events = manager;
        }
      }
    }
    return manager;
  }

  /** The subclass's name, or {@code Controller<Task>} for a controller used as is (or anonymous). */
  final String ownerName() {
    Class<?> type = getClass();
    if (type == Controller.class || type.isAnonymousClass()) {
      return "Controller<" + repository.model().type().getSimpleName() + ">";
    }
    return type.getSimpleName();
  }

  /** The repository this controller calls. */
  public final Repository<E, ID> repository() {
    return repository;
  }

  /** The options with their per-path overrides, defaults included. */
  public final Config config() {
    return config;
  }

  /** Replaces the options: {@link #DEFAULT_OPTIONS} with {@code options}' defaults and overrides on top. */
  public final Controller<E, ID> configure(Config options) {
    if (options == null) {
      throw new UsageException("configure(null) on " + this + ": pass the options, e.g. Config.of(Map.of(\"maxPageSize\","
          + " 50)), or Config.empty() for the defaults");
    }
    Config merged = Config.of(DEFAULT_OPTIONS).merge(options);
    FieldVisibility.validate(merged, repository.model());
    OptionChecks.check(merged, toString());
    this.config = merged;
    return this;
  }

  /** The resource name used when a request names no resource path: the repository's name. */
  public final String name() {
    return repository.name();
  }

  /** Lists a page of records: {@code {"items": [...], "page": 1, "size": 20, "total": N}}. */
  public final ActionResponse index(ActionRequest request) {
    return runtime.run(Action.INDEX, required("index", request), false, JsonCodec.DEFAULT);
  }

  /** Counts the records matching the query, firing the index events: {@code {"count": N}}. */
  public final ActionResponse count(ActionRequest request) {
    return runtime.run(Action.INDEX, required("count", request), true, JsonCodec.DEFAULT);
  }

  /** Creates one record (201, {@code Location}) or a batch from a list of maps (201, {@code {"items": [...]}}). */
  public final ActionResponse store(ActionRequest request) {
    return runtime.run(Action.STORE, required("store", request), false, JsonCodec.DEFAULT);
  }

  /** Reads one record (200, {@code ETag} when the entity is versioned). */
  public final ActionResponse show(ActionRequest request) {
    if (required("show", request).id() == null) {
      throw new UsageException("show(...) got a request without an id; build it with ActionRequest.builder().id(...),"
          + " or call index(...) for a list");
    }
    return runtime.run(Action.SHOW, request, false, JsonCodec.DEFAULT);
  }

  /** Updates one record (PATCH, or PUT with {@link ActionRequest#replace()}), or a batch of maps carrying their ids. */
  public final ActionResponse update(ActionRequest request) {
    return runtime.run(Action.UPDATE, required("update", request), false, JsonCodec.DEFAULT);
  }

  /** Deletes one record, or a batch given as a list of ids (204). */
  public final ActionResponse destroy(ActionRequest request) {
    return runtime.run(Action.DESTROY, required("destroy", request), false, JsonCodec.DEFAULT);
  }

  private static ActionRequest required(String action, ActionRequest request) {
    if (request == null) {
      throw new UsageException(action + "(null): pass the request, e.g. ActionRequest.empty() or"
          + " ActionRequest.builder().body(Map.of(\"title\", \"Write docs\")).build()");
    }
    return request;
  }

  /**
   * The records a store or update handler is about: the params map of a single-record action, or each map
   * of a batch's params list (where {@code params} is a {@code List} and {@code batch} is true). The maps
   * are the args' own, so changes to them are what gets written.
   *
   * <pre>{@code
   * void onPreStore(EventArgs args) {
   *   for (Map<String, Object> record : Controller.records(args)) {
   *     record.putIfAbsent("status", "OPEN");
   *   }
   * }
   * }</pre>
   */
  public static List<Map<String, Object>> records(EventArgs args) {
    if (args == null) {
      throw new UsageException("Controller.records(null): pass the event's args, e.g. Controller.records(args) in"
          + " onPreStore");
    }
    return BodyShapes.records(args);
  }

  /**
   * Declares a custom action, served as {@code POST /tasks/<name>} ({@link ActionScope#COLLECTION}) or
   * {@code POST /tasks/{id}/<name>} ({@link ActionScope#ITEM}), with its own events {@code onPre<Name>} and
   * {@code onPost<Name>} (methods of those names on the controller are subscribed) and {@code onError} with
   * {@code action} set to the name on failure. It runs in one unit of work like the five actions, under
   * the context path {@code <resource>.<name>}. Declare actions in the constructor.
   *
   * <pre>{@code
   * TaskController(TaskRepository tasks) {
   *   super(tasks);
   *   action("complete", ActionScope.ITEM, args -> repository().update((Long) args.id(), Map.of("completed", true)));
   *   action("find", ActionScope.COLLECTION, this::find);
   * }
   *
   * void onPreComplete(EventArgs args) {
   *   if (args.entity(Task.class).isArchived()) {
   *     throw new Veto(409, "an archived task cannot be completed");
   *   }
   * }
   * }</pre>
   */
  protected final Controller<E, ID> action(String name, ActionScope scope, ActionHandler handler) {
    runtime.declare(name, scope, handler);
    return this;
  }

  /** The event manager of the custom actions' {@code onPre<Name>} / {@code onPost<Name>} events; closes the list of actions. */
  public final EventManager actionEvents() {
    return runtime.actionEvents();
  }

  /** Runs the custom action {@code name} in process; the request's id addresses the record of an item action. */
  public final ActionResponse perform(String name, ActionRequest request) {
    if (request == null) {
      throw new UsageException("perform(\"" + name + "\", null): pass the request, ActionRequest.empty() for a collection"
          + " action without params, ActionRequest.builder().id(...).build() for an item action");
    }
    return runtime.perform(name, request);
  }

  /**
   * The page of records the args' {@code params} ask for, read as an index query ({@code status},
   * {@code priority[gt]}, {@code sort}, {@code page}, {@code size}) under the action's options and, for a
   * nested resource, its parent: the body of a {@code find} action.
   */
  protected final Page<E> find(EventArgs args) {
    return runtime.find(args);
  }

  /**
   * Serves file attachments on this controller's records, their bytes kept in {@code store}:
   * {@code PUT /tasks/{id}/files/{name}} uploads or replaces (201 with {@code Location}, or 200),
   * {@code GET} / {@code HEAD} downloads (streamed, with {@code ETag}, {@code Last-Modified}, conditional and
   * range requests), {@code DELETE} deletes (204), {@code GET /tasks/{id}/files} lists them; nested mounts too
   * ({@code /tasks/{id}/subtasks/{sid}/files/{name}}). Each is an action with its events ({@code onPreUpload} /
   * {@code onPostUpload}, {@code onPreDownload} / {@code onPostDownload}, {@code onPreDeleteFile} /
   * {@code onPostDeleteFile}, {@code onPreListFiles} / {@code onPostListFiles}, {@code onError}) under the paths
   * {@code <resource>.upload}, {@code .download}, {@code .deleteFile} and {@code .listFiles}. The record must
   * exist within the caller's row scope (else 404); uploading and deleting need what updating the record needs,
   * downloading and listing what showing it needs. Options: {@code maxFileBytes} (10 MiB; more is a 413) and
   * {@code fileTypes} (the media types allowed, {@code image/*} for a family; any when unset; another is a 415).
   * A record's files are removed when the record is deleted. Call it once, in the constructor or before
   * mounting; it creates the table {@code scribe_attachments} when missing.
   *
   * <pre>{@code
   * TaskController(TaskRepository tasks) {
   *   super(tasks);
   *   attachments(AttachmentStore.database());
   *   configure(Config.of(Map.of("maxFileBytes", 5 << 20, "fileTypes", List.of("text/plain", "image/*"))));
   * }
   * }</pre>
   */
  public final Controller<E, ID> attachments(AttachmentStore store) {
    if (store == null) {
      throw new UsageException("attachments(null): pass where the files are kept, e.g. AttachmentStore.database()");
    }
    runtime.attach(store);
    return this;
  }

  /** What this controller runs on: its runner, custom actions, attachments and field visibility. */
  final ControllerRuntime<E, ID> runtime() {
    return runtime;
  }

  private static Map<String, Object> defaults() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Option<?> option : List.of(ControllerOptions.INSERTABLE, ControllerOptions.EDITABLE,
        ControllerOptions.DELETABLE, ControllerOptions.DEFAULT_PAGE_SIZE, ControllerOptions.MAX_PAGE_SIZE,
        ControllerOptions.CREATE_NEXT, ControllerOptions.IGNORE_ERRORS, ControllerOptions.HIDDEN_FIELDS,
        ControllerOptions.MAX_BATCH_SIZE)) {
      map.put(option.name(), option.defaultValue());
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + repository.name() + "]";
  }
}
