package dev.scribe.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.auth.Authenticator;
import dev.scribe.controller.auth.TokenAuthenticator;
import dev.scribe.controller.http.Mount;
import dev.scribe.controller.http.Router;
import dev.scribe.controller.http.ScribeServlet;
import dev.scribe.controller.internal.app.TrustedProxies;
import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.app.AppBinding;
import dev.scribe.controller.internal.app.ControllerEndpoint;
import dev.scribe.controller.internal.app.Mounts;
import dev.scribe.controller.internal.console.Console;
import dev.scribe.controller.internal.console.CustomActionCatalogue;
import dev.scribe.controller.internal.console.Introspection;
import dev.scribe.controller.internal.request.OptionChecks;
import dev.scribe.controller.internal.view.FieldVisibility;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventDescription;
import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import jakarta.servlet.http.HttpServlet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A REST application: the routing table of mounted controllers and the servlet that serves it.
 * Each controller mounted at {@code tasks} gets the routes {@code GET/POST/PATCH/DELETE /tasks},
 * {@code GET /tasks/count} and {@code GET/PATCH/PUT/DELETE /tasks/{id}}; its actions run under the
 * context paths {@code tasks.index}, {@code tasks.store} and so on. A prefix mount puts the controller
 * at {@code /admin/tasks} with paths {@code admin.tasks.*}; a nested mount puts a child resource at
 * {@code /tasks/{id}/subtasks} with paths {@code tasks.subtasks.*}.
 *
 * <p>Immutable once built and thread-safe.
 *
 * <pre>{@code
 * RestApplication app = RestApplication.builder(store)
 *     .mount("tasks", taskController)
 *     .mount("admin", "tasks", adminTaskController)
 *     .nest("tasks", "subtasks", subtaskController, "task")
 *     .maxBodyBytes(1 << 20)
 *     .trace(TraceOptions.enabled().blacklist("/health"))
 *     .introspection(true)
 *     .auth(new AuthController(store, IdentityStore.builder(store).build()))   // /auth/register, /auth/login, ...
 *     .build();
 * app.start();                                     // onStart, once per controller
 * ScribeServer server = ScribeServer.start(app, 8080);
 * }</pre>
 */
public final class RestApplication {
  /** The URL of the event catalogue when introspection is on. */
  public static final String EVENTS_PATH = "/_scribe/events";
  /** The URL prefix of the routes of {@link Builder#auth(AuthController)}. */
  public static final String AUTH_PATH = "/auth";

  private final DataStore store;
  private final List<Mount> mounts;
  private final JsonCodec json;
  private final Console console;
  private final ScribeServlet servlet;

  private RestApplication(Builder builder) {
    this.store = builder.store;
    this.mounts = List.copyOf(builder.mounts.values());
    this.json = new JsonCodec(builder.mapper != null ? builder.mapper : JsonCodec.defaultMapper());
    this.console = builder.console.isEnabled() ? new Console(this, builder.console) : null;
    AuthController auth = builder.auth;
    Authenticator authenticator = builder.authenticator != null ? builder.authenticator
        : auth != null ? TokenAuthenticator.of(auth.identities()) : null;
    this.servlet = new ScribeServlet(new AppBinding(this, new Router(mounts), builder.maxBodyBytes, builder.trace, json,
        authenticator, console, AppBinding.auth(auth), builder.introspection, builder.trustedProxies,
        builder.importJobs));
    List<Controller<?, ?>> controllers = new ArrayList<>();
    List<FieldVisibility.Served> served = new ArrayList<>();
    for (Mount mount : mounts) {
      Controller<?, ?> controller = ControllerEndpoint.controller(mount.endpoint());
      controllers.add(controller);
      served.add(new FieldVisibility.Served(controller, mount.resource()));
    }
    FieldVisibility visibility = FieldVisibility.of(served);
    for (Controller<?, ?> controller : controllers) {
      controller.runtime().visibility(visibility);
    }
  }

  /**
   * Starts a routing table over the repositories of {@code store}.
   *
   * @throws UsageException when {@code store} is null or closed
   */
  public static Builder builder(DataStore store) {
    return new Builder(store);
  }

  /** The servlet serving every route; mount it at {@code /*} (or {@code /prefix/*}) in any servlet container. */
  public HttpServlet servlet() {
    return servlet;
  }

  /**
   * Fires {@code onStart} once on every mounted controller, in mount order, each in a unit of work.
   * Calling it again does nothing; the servlet calls it when the container initialises it.
   */
  public void start() {
    for (Mount mount : mounts) {
      ControllerEndpoint.controller(mount.endpoint()).runtime().start(mount.resource());
    }
  }

  /** Every event manager of every tier with its events and their handlers in dispatch order. */
  public List<ManagerDescription> describeManagers() {
    return CustomActionCatalogue.merge(Introspection.describe(store.scribe()), mounts);
  }

  /** The events of every manager of every tier, in {@link #describeManagers()} order, flattened. */
  public List<EventDescription> describeEvents() {
    List<EventDescription> events = new ArrayList<>();
    for (ManagerDescription manager : describeManagers()) {
      events.addAll(manager.events());
    }
    return events;
  }

  /** The data store given to {@link #builder(DataStore)}. */
  public DataStore store() {
    return store;
  }

  /** The Scribe application of the data store, whose events the controllers fire. */
  public Scribe scribe() {
    return store.scribe();
  }

  /** The URL templates of the mounted resources, e.g. {@code /tasks}, {@code /tasks/{id}/subtasks}. */
  public List<String> resources() {
    List<String> templates = new ArrayList<>();
    for (Mount mount : mounts) {
      templates.add(mount.template());
    }
    return templates;
  }

  /** The console's record of the last requests; empty when the console is off. */
  public Optional<RequestRecorder> recorder() {
    return console == null ? Optional.empty() : Optional.of(console.recorder());
  }

  JsonCodec json() {
    return json;
  }

  /** Collects the mounts and settings of a {@link RestApplication}. */
  public static final class Builder {
    private final DataStore store;
    private final Map<String, Mount> mounts = new LinkedHashMap<>();
    private long maxBodyBytes = 1 << 20;
    private ImportJobLimits importJobs = ImportJobLimits.defaults();
    private TraceOptions trace = TraceOptions.disabled();
    private boolean introspection;
    private ConsoleOptions console = ConsoleOptions.disabled();
    private ObjectMapper mapper;
    private Authenticator authenticator;
    private AuthController auth;
    private TrustedProxies trustedProxies = TrustedProxies.NONE;

    private Builder(DataStore store) {
      if (store == null) {
        throw new UsageException("RestApplication.builder(null): pass the DataStore whose repositories the controllers"
            + " serve, e.g. RestApplication.builder(store)");
      }
      if (store.sessionFactory().isClosed()) {
        // every request of the application would fail, far from this call
        throw new UsageException("RestApplication.builder(store): the DataStore is closed; pass an open DataStore, whose"
            + " repositories the controllers serve");
      }
      this.store = store;
    }

    /** Mounts {@code controller} at {@code /name}, with context paths {@code name.*}. */
    public Builder mount(String name, Controller<?, ?> controller) {
      return add(new Mount(Mounts.name(name), List.of(name), checked(controller), null, null));
    }

    /** Mounts a controller without handlers of its own for {@code repository} at {@code /name}. */
    public Builder mount(String name, Repository<?, ?> repository) {
      required(repository, "mount(\"" + name + "\", null): pass the controller or the registered repository to serve at /"
          + name);
      return mount(name, new Controller<>(repository));
    }

    /**
     * Mounts {@code controller} under a prefix: {@code mount("admin", "tasks", c)} serves {@code /admin/tasks}
     * with context paths {@code admin.tasks.*}. The same controller may be mounted several times.
     */
    public Builder mount(String prefix, String name, Controller<?, ?> controller) {
      if (prefix == null) {
        throw new UsageException("mount(null, \"" + name + "\", ...): pass the prefix to serve the resource under, e.g."
            + " mount(\"admin\", \"tasks\", controller), or mount(\"" + name + "\", controller) for none");
      }
      List<String> pattern = Mounts.prefixed(prefix, name);
      return add(new Mount(String.join(".", pattern), pattern, checked(controller), null, null));
    }

    /**
     * Mounts {@code child} under each record of the resource mounted at {@code parentPath}:
     * {@code nest("tasks", "subtasks", c, "task")} serves {@code /tasks/{id}/subtasks} with context paths
     * {@code tasks.subtasks.*}; {@code parentAttribute} is the child's to-one attribute that points at the
     * parent. Listing filters by the parent, storing sets it, and the other actions answer 404 for a
     * child of another parent.
     */
    public Builder nest(String parentPath, String name, Controller<?, ?> child, String parentAttribute) {
      Mount parent = mounts.get(parentPath);
      if (parent == null) {
        throw new ConfigurationException("cannot nest '" + name + "' under '" + parentPath
            + "': nothing is mounted there; mount the parent first (mounted: " + mounts.keySet() + ")");
      }
      if (parent.parent() != null) {
        throw new ConfigurationException("cannot nest '" + name + "' under '" + parentPath
            + "', which is itself nested; resources nest one level deep");
      }
      checked(child);
      return add(Mounts.nested(parent, name, child, parentAttribute));
    }

    /**
     * The largest request body accepted; larger ones are answered 413. Default 1 MiB. An import's file has its own
     * limit ({@code maxImportBytes}); this one bounds each of its records, the characters of an NDJSON line or of a
     * CSV cell of JSON text, so that a record a client may store by POST may be imported too.
     */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1) {
        throw new ConfigurationException("maxBodyBytes must be positive, not " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * How many import jobs may wait, per caller and in all, and how many finished ones are kept; default
     * {@link ImportJobLimits#defaults()}.
     */
    public Builder importJobs(ImportJobLimits limits) {
      this.importJobs = required(limits, "importJobs(null): pass ImportJobLimits.defaults() or"
          + " ImportJobLimits.builder()...build()");
      return this;
    }

    /** Trace headers and log line; off by default. */
    public Builder trace(TraceOptions options) {
      this.trace = required(options, "trace(null): pass TraceOptions.enabled() or TraceOptions.disabled()");
      return this;
    }

    /** Serves {@value RestApplication#EVENTS_PATH}; off by default. */
    public Builder introspection(boolean enabled) {
      this.introspection = enabled;
      return this;
    }

    /**
     * The browser console at {@code /_scribe/} and the request recorder behind it; off by default. Needs
     * {@code Scribe.builder().trace(true)}. Keep it off in production, or restrict it with
     * {@link ConsoleOptions#access}.
     */
    public Builder console(ConsoleOptions options) {
      this.console = required(options, "console(null): pass ConsoleOptions.enabled() or ConsoleOptions.disabled()");
      return this;
    }

    /** The Jackson mapper for bodies; the default reads floats as BigDecimal and writes ISO-8601 dates. */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.mapper = required(objectMapper, "objectMapper(null): pass the Jackson ObjectMapper for request and response"
          + " bodies, or leave it unset for the default, which reads floats as BigDecimal and writes ISO-8601 dates");
      return this;
    }

    /**
     * Finds the caller of each request (see {@link Authenticator}); without one, bearer tokens when
     * {@link #auth} is set, else the servlet container's principal.
     */
    public Builder authenticator(Authenticator requestAuthenticator) {
      this.authenticator = required(requestAuthenticator, "authenticator(null): pass the Authenticator that finds each"
          + " request's caller, or leave it unset for the default");
      return this;
    }

    /**
     * Serves {@code POST /auth/register}, {@code POST /auth/login}, {@code POST /auth/logout} and
     * {@code GET /auth/me} with {@code controller}'s events, and authenticates bearer tokens it issued
     * (unless {@link #authenticator} says otherwise).
     */
    public Builder auth(AuthController controller) {
      required(controller, "auth(null): pass the AuthController that serves /auth, e.g. new AuthController(store,"
          + " identities)");
      if (controller.store() != store) {
        throw new ConfigurationException(controller + " works on another DataStore; give it the store given to"
            + " RestApplication.builder(store)");
      }
      if (mounts.containsKey("auth")) {
        throw new ConfigurationException("'auth' is already mounted as a resource; the auth routes need /auth");
      }
      controller.events();
      this.auth = controller;
      return this;
    }

    /**
     * The proxies (load balancers, reverse proxies) in front of the application, as IP addresses or CIDR
     * ranges: a request from one of them counts as coming from the client its {@code Forwarded} or
     * {@code X-Forwarded-For} header names, for the per-client login throttle. Of the addresses such a header
     * lists, the last one that is not itself a trusted proxy is taken (a client can write anything in front of
     * it); a request with both headers naming two clients counts as the proxy's own, since which one the proxy
     * wrote is not told. None by default: the client is the connection's peer and the headers are ignored, since from a
     * client that is not a proxy they are whatever it chose to send.
     *
     * <pre>{@code
     * RestApplication.builder(store).trustedProxies("10.0.0.0/8", "127.0.0.1")...
     * }</pre>
     *
     * @throws ConfigurationException naming an entry that is not an IP address or range (host names are not
     *     resolved)
     */
    public Builder trustedProxies(String... addresses) {
      this.trustedProxies = TrustedProxies.of(addresses);
      return this;
    }

    /**
     * The application; a {@link ConfigurationException} when nothing is mounted or a mounted controller's
     * options are of the wrong type or range.
     */
    public RestApplication build() {
      if (mounts.isEmpty()) {
        throw new ConfigurationException("a RestApplication needs at least one mounted controller; call mount(...)");
      }
      for (Mount mount : mounts.values()) {
        Controller<?, ?> controller = ControllerEndpoint.controller(mount.endpoint());
        OptionChecks.check(controller.config(), controller + " mounted at " + mount.template());
        // the actions' catalogue is made now, so that the binding files' handlers of its events are attached
        controller.runtime().describeActions();
        refuseActionUnderMountName(mount);
      }
      dev.scribe.core.internal.CoreAccess.get().requireAwaitedBindingsBound(store.scribe(),
          "a custom action of the mounted controllers");
      return new RestApplication(this);
    }

    private Builder add(Mount mount) {
      String first = mount.pattern().get(0);
      if (auth != null && first != null && first.equals("auth")) {
        throw new ConfigurationException("'" + mount.resource() + "' cannot be mounted under /auth, where the auth routes are");
      }
      if ("_scribe".equals(first)) {
        throw new ConfigurationException("'" + mount.resource() + "' cannot be mounted under /_scribe, where the event"
            + " catalogue, the console and the change feed are; choose another name");
      }
      if (mount.pattern().size() == 1 && ImportJobs.PATH.equals(first)) {
        throw new ConfigurationException("'" + first + "' cannot name a resource: /" + first + "/{id} is where import"
            + " jobs are read; choose another name, or mount it under a prefix");
      }
      if (mounts.putIfAbsent(mount.resource(), mount) != null) {
        throw new ConfigurationException("'" + mount.resource() + "' is mounted twice; each resource path serves one controller");
      }
      return this;
    }

    /**
     * Both a nested resource and an item action of its parent of the same name are {@code POST /parent/{id}/name}, and
     * both a resource mounted under a prefix and a collection action of the resource mounted at that prefix are
     * {@code POST /prefix/name}: the resource took every such request, and the action could never be reached. So it
     * did those of the import route ({@code /prefix/import}) and of the parent's files ({@code /parent/{id}/files}).
     */
    private void refuseActionUnderMountName(Mount mount) {
      String name = mount.pattern().get(mount.pattern().size() - 1);
      Mount under = mount.parent();
      ActionScope scope = ActionScope.ITEM;
      if (under == null && mount.pattern().size() > 1) {
        under = mounts.get(String.join(".", mount.pattern().subList(0, mount.pattern().size() - 1)));
        scope = ActionScope.COLLECTION;
      }
      if (under == null) {
        return;
      }
      Controller<?, ?> owner = ControllerEndpoint.controller(under.endpoint());
      if (scope == ActionScope.COLLECTION && name.equals("import")) {
        throw new ConfigurationException("'" + mount.resource() + "' is mounted at " + mount.template() + ", where the"
            + " import of " + owner + " is served (POST " + mount.template() + "), and the resource would take its"
            + " requests; choose another name");
      }
      if (scope == ActionScope.ITEM && name.equals("files") && owner.runtime().hasAttachments()) {
        throw new ConfigurationException("'" + mount.resource() + "' is nested at " + mount.template() + ", where the"
            + " files of " + owner + " are served (" + mount.template() + "), and the nested resource would take their"
            + " requests; choose another name");
      }
      if (owner.runtime().declares(name, scope)) {
        throw new ConfigurationException("'" + mount.resource() + "' is " + (scope == ActionScope.ITEM ? "nested" : "mounted")
            + " at " + mount.template() + ", where the " + scope.name().toLowerCase(java.util.Locale.ROOT) + " action '"
            + name + "' of " + owner + " is served too (POST " + mount.template() + "), and the "
            + (scope == ActionScope.ITEM ? "nested " : "") + "resource would take its requests; rename the action or the"
            + " " + (scope == ActionScope.ITEM ? "nested " : "") + "resource");
      }
    }

    private static <T> T required(T value, String message) {
      if (value == null) {
        throw new UsageException(message);
      }
      return value;
    }

    private ControllerEndpoint checked(Controller<?, ?> controller) {
      required(controller, "a null controller cannot be mounted; pass the controller to serve, e.g. new"
          + " Controller<>(repository)");
      if (controller.repository().store() != store) {
        throw new ConfigurationException(controller + " works on a repository of another DataStore; register its"
            + " repository with the store given to RestApplication.builder(store)");
      }
      controller.events();
      return new ControllerEndpoint(controller);
    }
  }
}
