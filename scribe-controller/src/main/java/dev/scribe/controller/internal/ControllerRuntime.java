package dev.scribe.controller.internal;

import dev.scribe.controller.ActionHandler;
import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ActionScope;
import dev.scribe.controller.AttachmentStore;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.ImportFile;
import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.action.Action;
import dev.scribe.controller.internal.action.ActionRunner;
import dev.scribe.controller.internal.action.CustomActions;
import dev.scribe.controller.internal.bulk.Exporter;
import dev.scribe.controller.internal.bulk.Importer;
import dev.scribe.controller.internal.files.Attachments;
import dev.scribe.controller.internal.files.FileAction;
import dev.scribe.controller.internal.request.QueryParser;
import dev.scribe.controller.internal.view.FieldVisibility;
import dev.scribe.controller.internal.view.FrontEndOptions;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventDescription;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Page;
import dev.scribe.repository.Query;
import dev.scribe.repository.Repository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Internal and unsupported: what one {@link Controller} runs on besides its repository and options: its
 * action runner, custom actions and attachments, what its answers may show, and whether it has started.
 * Every action runs as the request's user.
 */
public final class ControllerRuntime<E, ID> {
  private final Controller<E, ID> controller;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CustomActions<E, ID> actions;
  private volatile ActionRunner<E, ID> runner;
  private volatile FieldVisibility visibility = FieldVisibility.NONE;
  private volatile Attachments<E, ID> attachments;

  /** Created while {@code controller} is constructed: it reads nothing of it yet. */
  public ControllerRuntime(Controller<E, ID> controller) {
    this.controller = controller;
    this.actions = new CustomActions<>(controller);
  }

  /** The events of the custom actions, to register with the controller's own. */
  public Set<String> eventNames() {
    return actions.eventNames();
  }

  public ActionResponse run(Action action, ActionRequest request, boolean countOnly, JsonCodec json) {
    // registers the handler methods first: a wrong one is the caller's ConfigurationException, not the action's 500
    controller.events();
    return store().actingAs(request.user(), () -> runner().run(action, request, countOnly, json));
  }

  public void declare(String name, ActionScope scope, ActionHandler handler) {
    actions.declare(name, scope, handler);
  }

  public EventManager actionEvents() {
    return actions.events();
  }

  /** True when this controller declares an action of that name and scope. */
  public boolean declares(String name, ActionScope scope) {
    return actions.find(name, scope) != null;
  }

  /** Runs the custom action {@code name} in process; the request's id addresses the record of an item action. */
  public ActionResponse perform(String name, ActionRequest request) {
    ActionScope scope = request.id() != null ? ActionScope.ITEM : ActionScope.COLLECTION;
    CustomActions.Declared action = actions.find(name, scope);
    if (action == null) {
      List<String> declared = actions.all().stream()
          .map(each -> each.name() + " (" + each.scope().name().toLowerCase(Locale.ROOT) + ")").toList();
      String known = declared.isEmpty() ? "it declares none: declare one with action(...)"
          : "its actions are " + String.join(", ", declared);
      if (name == null) {
        throw new UsageException("perform(null, ...) on " + controller + ": pass the name of a custom action; " + known);
      }
      // the action exists, in the other scope: the request's id, not the name, is what is wrong
      ActionScope other = scope == ActionScope.ITEM ? ActionScope.COLLECTION : ActionScope.ITEM;
      if (actions.find(name, other) != null) {
        throw new UsageException(other == ActionScope.ITEM
            ? "perform(\"" + name + "\", ...) on " + controller + " got a request without an id, but " + name
                + " is an item action: give it the record's id, ActionRequest.builder().id(...).build()"
            : "perform(\"" + name + "\", ...) on " + controller + " got a request with the id " + request.id() + ", but "
                + name + " is a collection action: build the request without an id");
      }
      throw new UsageException(controller + " has no " + scope.name().toLowerCase(Locale.ROOT)
          + " action '" + name + "'; " + known + (declared.isEmpty() ? "" : " (an item action needs the request's id)"));
    }
    return store().actingAs(request.user(), () -> actions.run(action, request, JsonCodec.DEFAULT, runner()));
  }

  /** The custom action of that name and scope, or null. */
  public CustomActions.Declared customAction(String name, ActionScope scope) {
    return actions.find(name, scope);
  }

  public ActionResponse runCustom(CustomActions.Declared action, ActionRequest request, JsonCodec json) {
    return store().actingAs(request.user(), () -> actions.run(action, request, json, runner()));
  }

  public List<EventDescription> describeActions() {
    return actions.describe();
  }

  /**
   * The page of records the args' {@code params} ask for, read as an index query: the body of a {@code find}
   * action. Its {@code fields} and {@code with} shape the answer as they do in an index's URL.
   */
  public Page<E> find(EventArgs args) {
    refuseUrlQuery(args);
    Repository<E, ID> repository = controller.repository();
    Map<String, Object> raw = new LinkedHashMap<>();
    Map<String, Object> frontEnd = new LinkedHashMap<>();
    args.params().forEach((key, value) -> {
      if (value == null && CONTROL_KEYS.contains(key)) {
        // null filters by IS NULL; a null sort, page or size read as the text "null", and fields or with as left out
        throw dev.scribe.core.Veto.builder().status(400)
            .message(args.path() + ": '" + key + "' is null; give it a value as in an index's URL, or leave it out")
            .field(key, "is null; give it a value, or leave it out").build();
      }
      if (key.equals(FrontEndOptions.FIELDS) || key.equals(FrontEndOptions.WITH)) {
        frontEnd.put(key, value);
      } else {
        checkFindValue(args.path(), key, value);
      }
      raw.put(key, value instanceof List ? inValues(args.path(), key, (List<?>) value)
          : value == null ? null : text(value));
    });
    FieldVisibility.Scope visible = visibility.scope(controller, args.config(), args.path(), args.get(EventArgs.USER));
    Query query = QueryParser.parse(raw, args.config(), args.path(), visible.hidden(repository.model()),
        repository.model(), repository.name());
    if (!frontEnd.isEmpty()) {
      Map<String, Object> target = new LinkedHashMap<>(args.frontEndOptions());
      FrontEndOptions.parse(frontEnd, runner().view(), visible, args.path()).copyInto(target);
      args.put(EventArgs.FRONT_END_OPTIONS, target);
    }
    Object parentId = args.get(ControllerTier.PARENT_ID);
    if (parentId != null) {
      query.where(String.valueOf(args.get(ControllerTier.PARENT_ATTRIBUTE)), Operator.EQ, parentId);
    }
    CallOptions.Builder options = CallOptions.builder().path(args.path()).user(args.get(EventArgs.USER));
    if (args.frontEndOptions() != null) {
      options.frontEndOptions(args.frontEndOptions());
    }
    return repository.list(query, options.build());
  }

  /** Digits enough for any whole number a filter, page or size can hold (a long has 19). */
  private static final int WHOLE_DIGITS = 20;

  /**
   * A find body's value as the URL would write it: a whole number written with a point or an exponent ({@code 2.0},
   * as Python's {@code json.dumps} writes a float, or {@code 5e0}) as its digits, which a store body reads as the
   * number too; it went on as the text {@code "2.0"}, "not a valid Integer" for a filter and "not a number" for a
   * page. A number beyond {@value #WHOLE_DIGITS} digits keeps its own form: it is refused as too large either way,
   * and writing {@code 1e999999999} out would take a billion digits.
   */
  private static String text(Object value) {
    if (value instanceof java.math.BigDecimal decimal && decimal.scale() != 0
        && decimal.precision() - decimal.scale() <= WHOLE_DIGITS) {
      java.math.BigDecimal stripped = decimal.stripTrailingZeros();
      if (stripped.scale() <= 0) {
        return stripped.toBigIntegerExact().toString();
      }
    }
    return String.valueOf(value);
  }

  /**
   * A list under an {@code in} key of a find body is the filter's values, as the URL's {@code priority[in]=1,2} writes
   * them: one {@code in} filter per element, combined with AND as other lists are, matched only records holding every
   * value at once, which none does. Any other list is returned as it is. A text holding a comma cannot be one of the
   * values (the comma separates them), so it is a 400 rather than a filter on its parts.
   */
  private static Object inValues(String path, String key, List<?> values) {
    if (!key.endsWith("[in]") || values.isEmpty()) {
      return values;
    }
    List<String> texts = new ArrayList<>();
    for (Object value : values) {
      String text = text(value);
      if (text.indexOf(',') >= 0) {
        String attribute = key.substring(0, key.length() - "[in]".length());
        throw Veto.builder().status(400).message(path + ": '" + text + "' in the list of " + key + " holds a comma, which"
            + " separates the values of an in filter; an in filter cannot match text holding one: filter it with \""
            + attribute + "\": \"" + text + "\" instead")
            .field(attribute, "'" + text + "' holds a comma, which separates the values of an in filter").build();
      }
      texts.add(text);
    }
    return String.join(",", texts);
  }

  /**
   * A 400 for a filter, sort or page in a find's URL: the find reads its query from the body, and the URL's would be
   * passed over, answering page 1 of every record to {@code POST /tasks/find?page=2}. {@code fields} and {@code with}
   * shape the answer from the URL as from the body.
   */
  private static void refuseUrlQuery(EventArgs args) {
    Map<String, Object> query = args.query();
    if (query == null) {
      return;
    }
    List<String> passedOver = new ArrayList<>();
    for (String key : query.keySet()) {
      if (!key.equals(FrontEndOptions.FIELDS) && !key.equals(FrontEndOptions.WITH)) {
        passedOver.add(key);
      }
    }
    if (passedOver.isEmpty()) {
      return;
    }
    Veto.Builder refusal = Veto.builder().status(400).message(args.path()
        + " reads its query from the JSON body, not from the URL: '" + String.join("', '", passedOver) + "' in the URL"
        + " would be passed over; send " + (passedOver.size() == 1 ? "it" : "them") + " in the body, as {\"" + passedOver.get(0)
        + "\": ...}");
    for (String key : passedOver) {
      refusal.field(key, "is read from the body, not the URL");
    }
    throw refusal.build();
  }

  /** The keys of a {@code find} body that are no filter: they shape the page and the answer. */
  private static final java.util.Set<String> CONTROL_KEYS = java.util.Set.of("sort", "page", "size",
      FrontEndOptions.FIELDS, FrontEndOptions.WITH);

  /**
   * A value of a {@code find} body is a text, a number, a boolean or a list of them, as in an index's URL: a JSON
   * object or a list in a list read as Java's {@code {gt=3}} and was refused as "not a valid Integer".
   */
  private static void checkFindValue(String path, String key, Object value) {
    boolean nested = value instanceof Map;
    if (value instanceof List) {
      for (Object item : (List<?>) value) {
        nested |= item instanceof Map || item instanceof List;
      }
    }
    if (nested) {
      String kind = value instanceof Map ? "a JSON object" : "a list holding an object or a list";
      // the example's keys are the attribute's: "priority[in]" with an operator appended was no key at all
      int operator = key.indexOf('[');
      String attribute = operator > 0 && key.endsWith("]") ? key.substring(0, operator) : key;
      throw dev.scribe.core.Veto.builder().status(400).message(path + ": the value of '" + key + "' is " + kind
          + "; give a text, a number or a boolean, with an operator in the key as in a URL (\"" + attribute
          + "[gt]\": 3, \"" + attribute + "[in]\": \"1,2\")")
          .field(attribute, "is " + kind + ", not a value").build();
    }
  }

  /**
   * Streams the export of the index into {@code resp}, a CSV one with a header row when {@code headerRow}; answers
   * null, or the problem when it failed before the first byte.
   */
  public ActionResponse export(ActionRequest request, ExportFormat format, boolean headerRow, HttpServletResponse resp,
      JsonCodec json) throws IOException {
    IOException[] failed = new IOException[1];
    ActionResponse response = store().actingAs(request.user(), () -> {
      try {
        return new Exporter<>(controller, runner()).run(request, format, headerRow, resp, json);
      } catch (IOException e) {
        failed[0] = e;
        return null;
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    return response;
  }

  /** Imports the rows of {@code file}, or starts a job for them; see {@link Importer}. */
  public ActionResponse importRows(ActionRequest request, ImportFile.Source file, JsonCodec json, ImportJobs jobs, String base) {
    return store().actingAs(request.user(), () -> new Importer<>(controller, runner()).run(request, file, json, jobs, base));
  }

  /** Keeps the controller's attachments in {@code store}; once. */
  public synchronized void attach(AttachmentStore store) {
    if (attachments != null) {
      throw new UsageException(controller + " already keeps its attachments in " + attachments.store()
          + "; call attachments(...) once");
    }
    attachments = new Attachments<>(controller, store);
  }

  public boolean hasAttachments() {
    return attachments != null;
  }

  /** Serves a file action; null when it wrote the response itself. */
  public ActionResponse files(FileAction action, ActionRequest request, String name, HttpServletRequest req,
      HttpServletResponse resp) throws IOException {
    Attachments<E, ID> files = attachments;
    if (files == null) {
      throw new UsageException(controller + " serves no attachments; call attachments(store) first");
    }
    return files.serve(action, request, name, req, resp, runner());
  }

  /** Fires {@code onStart} once, in a unit of work; later calls do nothing. */
  public void start(String resource) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    String path = resource + ".start";
    Options options = controller.config().resolve(path);
    EventArgs args = EventArgs.builder().self(controller).path(path).action("start").controller(controller)
        .put(EventArgs.CONFIG, options).put(ControllerTier.CONTROLLER_OPTIONS, options).build();
    try {
      store().inTransaction(() -> {
        controller.events().fire(ControllerEvents.ON_START, args);
      });
    } catch (RuntimeException e) {
      started.set(false);
      throw e;
    }
  }

  /** What the answers of the controller may show; set by the application that mounts it. */
  public FieldVisibility visibility() {
    return visibility;
  }

  public void visibility(FieldVisibility fields) {
    this.visibility = fields;
  }

  private dev.scribe.repository.DataStore store() {
    return controller.repository().store();
  }

  private ActionRunner<E, ID> runner() {
    ActionRunner<E, ID> current = runner;
    if (current == null) {
      synchronized (this) {
        current = runner;
        if (current == null) {
          current = new ActionRunner<>(controller);
          runner = current;
        }
      }
    }
    return current;
  }
}
