package dev.scribe.controller;

import dev.scribe.controller.http.codec.QueryString;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.core.UsageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One call of a controller action, over HTTP or in-process: the resource path it runs under, the
 * record id, the JSON body (a map, a list of maps or a list of ids), the raw query parameters, the
 * headers the action reads ({@code If-Match}), the parent of a nested resource and the user.
 *
 * <p>Immutable. The query map handed to handlers is a fresh mutable copy per call.
 *
 * <pre>{@code
 * ActionResponse created = taskController.store(ActionRequest.builder()
 *     .body(Map.of("title", "Write the docs"))
 *     .build());
 * ActionResponse page = taskController.index(ActionRequest.builder()
 *     .query("status", "open").query("sort", "-priority")
 *     .build());
 * }</pre>
 */
public final class ActionRequest {
  private final String resource;
  private final String id;
  private final Object body;
  private final RequestBody rawBody;
  private final Map<String, Object> query;
  private final Map<String, String> headers;
  private final String parentAttribute;
  private final String parentId;
  private final boolean replace;
  private final Object user;
  private final String collectionUri;
  private final String requestId;
  /** Set by the HTTP binding for a GET or HEAD. */
  private final boolean read;

  private ActionRequest(Builder b) {
    this.resource = b.resource;
    this.id = b.id;
    this.body = b.body;
    this.rawBody = b.rawBody;
    this.query = Collections.unmodifiableMap(new LinkedHashMap<>(b.query));
    TreeMap<String, String> headerMap = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headerMap.putAll(b.headers);
    this.headers = Collections.unmodifiableMap(headerMap);
    this.parentAttribute = b.parentAttribute;
    this.parentId = b.parentId;
    this.replace = b.replace;
    this.user = b.user;
    this.collectionUri = b.collectionUri;
    this.requestId = b.requestId;
    this.read = b.read;
  }

  /** Starts a request. */
  public static Builder builder() {
    return new Builder();
  }

  /** An empty request: the collection of the controller's default resource. */
  public static ActionRequest empty() {
    return builder().build();
  }

  /** The dotted resource path ({@code tasks}, {@code admin.tasks}, {@code tasks.subtasks}), or null for the repository's name. */
  public String resource() {
    return resource;
  }

  /** The raw id of the addressed record, or null for collection actions. */
  public String id() {
    return id;
  }

  /** The already-decoded body (map, list or null) of an in-process call. */
  public Object body() {
    return body;
  }

  RequestBody rawBody() {
    return rawBody;
  }

  /** Whether the HTTP binding received this request as a GET or HEAD. */
  boolean read() {
    return read;
  }

  /** The raw query parameters: each key to a string, or to a list of strings when repeated. */
  public Map<String, Object> query() {
    return query;
  }

  /** The headers, looked up case-insensitively. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The header of that name (any case), or null; a null name is a {@link UsageException}. */
  public String header(String name) {
    if (name == null) {
      // the case-insensitive map would throw a NullPointerException that names nothing
      throw new UsageException("ActionRequest.header(null): pass the name of the header to read, e.g."
          + " header(\"If-Match\")");
    }
    return headers.get(name);
  }

  /** The child's to-one attribute that points at the parent of a nested resource, or null. */
  public String parentAttribute() {
    return parentAttribute;
  }

  /** The raw parent id of a nested resource, or null. */
  public String parentId() {
    return parentId;
  }

  /** True for PUT: an update replaces every fillable field. */
  public boolean replace() {
    return replace;
  }

  /** The user making the request, handed to handlers as {@code user}; may be null. */
  public Object user() {
    return user;
  }

  /** The URL of the collection, used for {@code Location}; null to derive it from the resource path. */
  public String collectionUri() {
    return collectionUri;
  }

  /** The id quoted in 500 answers and trace output; null to have one generated when needed. */
  public String requestId() {
    return requestId;
  }

  /** Collects an {@link ActionRequest}. */
  public static final class Builder {
    private String resource;
    private String id;
    private Object body;
    private RequestBody rawBody;
    private final Map<String, Object> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String parentAttribute;
    private String parentId;
    private boolean replace;
    private Object user;
    private String collectionUri;
    private String requestId;
    private boolean read;

    /** A segment of a dotted resource path, as the paths that handlers are bound to are made of. */
    private static final Pattern RESOURCE_SEGMENT = Pattern.compile("[A-Za-z0-9_\\-]+");

    private Builder() {}

    /** The dotted resource path the action runs under: {@code admin.tasks} gives the path {@code admin.tasks.store}. */
    public Builder resource(String resourcePath) {
      if (resourcePath != null) {
        for (String segment : resourcePath.split("\\.", -1)) {
          if (!RESOURCE_SEGMENT.matcher(segment).matches()) {
            throw new UsageException("ActionRequest.builder().resource(\"" + resourcePath + "\"): the segment '" + segment
                + "' is not a name; a resource path is names (letters, digits, _ or -) separated by dots, such as"
                + " \"tasks\" or \"admin.tasks\"");
          }
        }
      }
      this.resource = resourcePath;
      return this;
    }

    /** The id of the addressed record, as a raw value converted by the repository. */
    public Builder id(Object rawId) {
      this.id = rawId == null ? null : String.valueOf(rawId);
      return this;
    }

    /** The body: a map for one record, a list of maps for a batch, a list of ids for a batch destroy. */
    public Builder body(Object decodedJson) {
      this.body = decodedJson;
      this.rawBody = null;
      return this;
    }

    Builder read(boolean safeMethod) {
      this.read = safeMethod;
      return this;
    }

    Builder rawBody(RequestBody raw) {
      this.rawBody = raw;
      this.body = null;
      return this;
    }

    /**
     * Adds a query parameter; a repeated key collects its values in a list, and a list value adds each of
     * its elements.
     *
     * @throws UsageException if {@code key} or {@code value} (or an element of a list value) is null: a query
     *     string has neither, and a null would otherwise reach the action as the text {@code "null"}
     */
    public Builder query(String key, Object value) {
      if (key == null) {
        throw new UsageException("ActionRequest.builder().query(null, " + value + "): pass the parameter's name, e.g."
            + " query(\"status\", \"open\")");
      }
      // not List.contains(null), which an immutable list (List.of, the natural way to pass several) answers by throwing
      if (value == null || value instanceof List && ((List<?>) value).stream().anyMatch(java.util.Objects::isNull)) {
        throw new UsageException("ActionRequest.builder().query(\"" + key + "\", " + value + "): pass the parameter's"
            + " value (a list for several), or leave the parameter out");
      }
      if (value instanceof List) {
        for (Object v : (List<?>) value) {
          QueryString.add(query, key, String.valueOf(v));
        }
      } else {
        QueryString.add(query, key, String.valueOf(value));
      }
      return this;
    }

    /**
     * Adds every query parameter of {@code params}.
     *
     * @throws UsageException if {@code params}, one of its keys or one of its values is null
     */
    public Builder query(Map<String, ?> params) {
      if (params == null) {
        throw new UsageException("ActionRequest.builder().query(null): pass the query parameters by name, e.g."
            + " query(Map.of(\"status\", \"open\")), or leave them out");
      }
      params.forEach(this::query);
      return this;
    }

    Builder rawQuery(Map<String, Object> parsed) {
      query.clear();
      parsed.forEach((k, v) -> query.put(k, v instanceof List ? new ArrayList<>((List<?>) v) : v));
      return this;
    }

    /**
     * A request header; the actions read {@code If-Match}.
     *
     * @throws UsageException if {@code name} is null
     */
    public Builder header(String name, String value) {
      if (name == null) {
        throw new UsageException("ActionRequest.builder().header(null, " + value + "): pass the header's name, e.g."
            + " header(\"If-Match\", etag)");
      }
      headers.put(name, value);
      return this;
    }

    /** Makes this a call on a nested resource: {@code attribute} of the child points at the parent {@code rawParentId}. */
    public Builder parent(String attribute, Object rawParentId) {
      this.parentAttribute = attribute;
      this.parentId = rawParentId == null ? null : String.valueOf(rawParentId);
      return this;
    }

    /** PUT semantics for {@code update}: fields absent from the body are reset. */
    public Builder replace(boolean replaceAll) {
      this.replace = replaceAll;
      return this;
    }

    /** The user making the request, handed to every handler as {@code user}. */
    public Builder user(Object requestUser) {
      this.user = requestUser;
      return this;
    }

    /** The collection's URL for {@code Location} headers, e.g. {@code /api/tasks/3/subtasks}. */
    public Builder collectionUri(String uri) {
      this.collectionUri = uri;
      return this;
    }

    /** The id quoted in 500 answers; one is generated when none is given. */
    public Builder requestId(String id) {
      this.requestId = id;
      return this;
    }

    /** The request; a {@link UsageException} when only one of the parent attribute and the parent id is set. */
    public ActionRequest build() {
      if ((parentAttribute == null) != (parentId == null)) {
        throw new UsageException("a nested request needs both the parent attribute and the parent id");
      }
      return new ActionRequest(this);
    }
  }
}
