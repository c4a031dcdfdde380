package dev.scribe.controller.http;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ActionScope;
import dev.scribe.controller.ImportJobLimits;
import dev.scribe.controller.TraceOptions;
import dev.scribe.controller.auth.Authenticator;
import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.controller.internal.app.TrustedProxies;
import dev.scribe.core.Scribe;
import dev.scribe.core.Trace;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Internal: a {@link dev.scribe.controller.RestApplication} as its {@link ScribeServlet} serves it. The
 * application implements it privately; not an API for applications, unsupported, and it may change
 * without notice.
 */
public interface ServedApplication {
  /** Fires {@code onStart} on every mounted controller, once. */
  void start();

  Scribe scribe();

  Router router();

  /** The URL templates of the mounted resources, for the 404 of an unknown URL. */
  List<String> resources();

  long maxBodyBytes();

  /** The application's data store, where the import jobs are kept; null: in memory only. */
  default dev.scribe.repository.DataStore store() {
    return null;
  }

  /** The bounds of the import jobs' queue and of the finished jobs kept. */
  default ImportJobLimits importJobLimits() {
    return ImportJobLimits.defaults();
  }

  TraceOptions trace();

  JsonCodec json();

  /** The authenticator of every request, or null for the principal (or the request attribute). */
  Authenticator authenticator();

  /** The proxies whose forwarding headers name a request's client; {@link TrustedProxies#NONE} by default. */
  TrustedProxies trustedProxies();

  /** The event catalogue as JSON, when introspection is on; null when it is off. */
  Map<String, Object> introspection();

  /** The console, or null when it is off. */
  Console console();

  /** The {@code /auth} routes, or null when they are not served. */
  Auth auth();

  /** The actions of one mounted controller. */
  interface Endpoint {
    /** Runs {@code action} ({@code index}, {@code store}, ...) with the request's parsed query and body. */
    ActionResponse run(String action, ActionRequest.Builder request, HttpInput input, boolean countOnly, JsonCodec json);

    /** The HTTP methods enabled on a collection URL or an item URL of {@code resource}. */
    List<String> allowedMethods(String resource, boolean item);

    /**
     * The 401 or 403 that the {@code requiresUser} and {@code requiresRole} options of {@code resource.action}
     * give {@code user}, or null when they let it through ({@code onAuthorize}, which may read the body, is left
     * to the action).
     */
    dev.scribe.core.Veto accessRefusal(String action, String resource, Object user);

    /**
     * Streams the export of the index into {@code resp}, a CSV one with a header row when {@code headerRow}; null, or
     * the problem when it failed before the first byte.
     */
    ActionResponse export(ActionRequest.Builder request, HttpInput input, ExportFormat format, boolean headerRow,
        HttpServletResponse resp, JsonCodec json) throws IOException;

    /** The HTTP methods enabled on the import URL of {@code resource}: POST, or none where it does not import. */
    List<String> importMethods(String resource);

    /** The HTTP methods enabled on a file's URL ({@code file}) or on the file list's URL of {@code resource}. */
    List<String> fileMethods(String resource, boolean file);

    /** The most bytes an import of {@code resource} may send (option {@code maxImportBytes}). */
    long importLimit(String resource);

    /**
     * Imports the rows of {@code file} into the collection, or queues them in {@code jobs} and answers 202 with
     * a {@code Location} under {@code base}; closes {@code file} when done.
     */
    ActionResponse importRows(ActionRequest.Builder request, HttpInput input, ImportFile.Source file, JsonCodec json,
        ImportJobs jobs, String base);

    /** True when the controller declares the custom action {@code name} in {@code scope}. */
    boolean hasAction(String name, ActionScope scope);

    ActionResponse runAction(String name, ActionScope scope, ActionRequest.Builder request, HttpInput input,
        JsonCodec json);

    /** True when the controller serves file attachments. */
    boolean hasFiles();

    /**
     * Runs the file action {@code action} ({@code upload}, {@code download}, {@code deleteFile}, {@code listFiles})
     * on the file {@code name} (null for the list); null when it wrote the response itself.
     */
    ActionResponse files(String action, ActionRequest.Builder request, HttpInput input, String name,
        HttpServletRequest req, HttpServletResponse resp) throws IOException;
  }

  /** The browser console and its request recorder. */
  interface Console {
    /** True for the console's own URLs. */
    boolean serves(String urlPath);

    void serve(HttpServletRequest req, HttpServletResponse resp, String urlPath,
        Function<HttpServletRequest, Object> caller) throws IOException;

    /** True when a request to {@code urlPath} is recorded. */
    boolean records(String urlPath);

    void prepare(Trace trace);

    void record(HttpServletRequest req, String urlPath, int status, String path, String action, String requestId,
        long timeMillis, long startNanos, Trace trace);
  }

  /**
   * The {@code /auth/<action>} routes; {@code unacceptable} is the 406 of an {@code Accept} that admits no JSON, or
   * null, answered once the route and its method are known to be served.
   */
  interface Auth {
    ActionResponse serve(String method, String action, String urlPath, String query, RequestBody body, Object user,
        UnaryOperator<String> header, String client, String requestId, JsonCodec json, ActionResponse unacceptable);
  }

  /**
   * What the servlet read of a request beyond the public {@link ActionRequest}: the parsed query, the body, and
   * whether its method is a safe read ({@code GET}, {@code HEAD}), whose failures are classified as a read's.
   */
  record HttpInput(Map<String, Object> query, RequestBody body, boolean read) {}
}
