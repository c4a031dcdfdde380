package dev.scribe.controller;

import dev.scribe.controller.http.ImportFile;
import dev.scribe.controller.http.ServedApplication;
import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.action.Action;
import dev.scribe.controller.internal.files.FileAction;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** The actions of a mounted {@link Controller} as the HTTP binding calls them. */
final class ControllerEndpoint implements ServedApplication.Endpoint {
  final Controller<?, ?> controller;

  ControllerEndpoint(Controller<?, ?> controller) {
    this.controller = controller;
  }

  /** The controller mounted at {@code endpoint}. */
  static Controller<?, ?> controller(ServedApplication.Endpoint endpoint) {
    return ((ControllerEndpoint) endpoint).controller;
  }

  @Override
  public ActionResponse run(String action, ActionRequest.Builder request, ServedApplication.HttpInput input,
      boolean countOnly, JsonCodec json) {
    return controller.runtime().run(Action.byId(action), build(request, input), countOnly, json);
  }

  @Override
  public List<String> allowedMethods(String resource, boolean item) {
    return Action.allowedMethods(controller, resource, item);
  }

  @Override
  public ActionResponse export(ActionRequest.Builder request, ServedApplication.HttpInput input, ExportFormat format,
      HttpServletResponse resp, JsonCodec json) throws IOException {
    return controller.runtime().export(build(request, input), format, resp, json);
  }

  @Override
  public long importLimit(String resource) {
    return controller.config().resolve(resource + ".import").integer(ControllerOptions.MAX_IMPORT_BYTES.name(),
        ControllerOptions.MAX_IMPORT_BYTES.defaultValue());
  }

  @Override
  public ActionResponse importRows(ActionRequest.Builder request, ServedApplication.HttpInput input, ImportFile file,
      JsonCodec json, ImportJobs jobs, String base) {
    return controller.runtime().importRows(build(request, input), file, json, jobs, base);
  }

  @Override
  public boolean hasAction(String name, ActionScope scope) {
    return controller.runtime().customAction(name, scope) != null;
  }

  @Override
  public ActionResponse runAction(String name, ActionScope scope, ActionRequest.Builder request,
      ServedApplication.HttpInput input, JsonCodec json) {
    return controller.runtime().runCustom(controller.runtime().customAction(name, scope), build(request, input), json);
  }

  @Override
  public boolean hasFiles() {
    return controller.runtime().hasAttachments();
  }

  @Override
  public ActionResponse files(String action, ActionRequest.Builder request, ServedApplication.HttpInput input,
      String name, jakarta.servlet.http.HttpServletRequest req, HttpServletResponse resp) throws IOException {
    return controller.runtime().files(FileAction.byId(action), build(request, input), name, req, resp);
  }

  private static ActionRequest build(ActionRequest.Builder request, ServedApplication.HttpInput input) {
    request.rawQuery(input.query());
    if (input.body() != null) {
      request.rawBody(input.body());
    }
    return request.build();
  }
}
