package dev.scribe.controller;

import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.ControllerRuntime;
import dev.scribe.core.Trace;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Hands the implementation packages what they need of this package's documented types without making it
 * public: {@link ControllerAccess} loads this class by name, which installs it.
 */
final class InternalAccess implements ControllerAccess.Root {
  static {
    ControllerAccess.install(new InternalAccess());
  }

  private InternalAccess() {}

  @Override
  public String ownerName(Controller<?, ?> controller) {
    return controller.ownerName();
  }

  @Override
  public ControllerRuntime<?, ?> runtime(Controller<?, ?> controller) {
    return controller.runtime();
  }

  @Override
  public RequestBody rawBody(ActionRequest request) {
    return request.rawBody();
  }

  @Override
  public boolean read(ActionRequest request) {
    return request.read();
  }

  @Override
  public ActionRequest request(ActionRequest.Builder request, Map<String, Object> query, RequestBody body,
      boolean read) {
    request.rawQuery(query);
    request.read(read);
    if (body != null) {
      request.rawBody(body);
    }
    return request.build();
  }

  @Override
  public Object value(ExportColumn column, Map<String, Object> row, Object entity) {
    return column.value(row, entity);
  }

  @Override
  public Predicate<HttpServletRequest> access(ConsoleOptions options) {
    return options.access();
  }

  @Override
  public String role(ConsoleOptions options) {
    return options.role();
  }

  @Override
  public boolean records(ConsoleOptions options, String urlPath) {
    return options.records(urlPath);
  }

  @Override
  public RequestRecorder recorder(int capacity, int maxEntries) {
    return new RequestRecorder(capacity, maxEntries);
  }

  @Override
  public void record(RequestRecorder recorder, String id, long timeMillis, String method, String urlPath, String query,
      int status, long startNanos, long durationNanos, String path, String action, Trace trace) {
    recorder.record(id, timeMillis, method, urlPath, query, status, startNanos, durationNanos, path, action, trace);
  }

  @Override
  public JsonCodec json(RestApplication app) {
    return app.json();
  }

  @Override
  public ActionResponse withEncoded(ActionResponse response, byte[] bytes) {
    return response.withEncoded(bytes);
  }

  @Override
  public byte[] encoded(ActionResponse response) {
    return response.encoded();
  }
}
