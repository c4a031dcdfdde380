package dev.scribe.controller.internal.app;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ActionScope;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.http.ImportFile;
import dev.scribe.controller.http.ServedApplication;
import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.action.AccessCheck;
import dev.scribe.controller.internal.action.Action;
import dev.scribe.controller.internal.bulk.Importer;
import dev.scribe.controller.internal.files.Attachments;
import dev.scribe.controller.internal.files.FileAction;
import dev.scribe.core.Veto;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** The actions of a mounted {@link Controller} as the HTTP binding calls them. */
public final class ControllerEndpoint implements ServedApplication.Endpoint {
  final Controller<?, ?> controller;

  public ControllerEndpoint(Controller<?, ?> controller) {
    this.controller = controller;
  }

  /** The controller mounted at {@code endpoint}. */
  public static Controller<?, ?> controller(ServedApplication.Endpoint endpoint) {
    return ((ControllerEndpoint) endpoint).controller;
  }

  @Override
  public ActionResponse run(String action, ActionRequest.Builder request, ServedApplication.HttpInput input,
      boolean countOnly, JsonCodec json) {
    return ControllerAccess.root().runtime(controller).run(Action.byId(action), build(request, input), countOnly, json);
  }

  @Override
  public Veto accessRefusal(String action, String resource, Object user) {
    String path = resource + "." + action;
    return AccessCheck.optionsRefusal(controller.config().resolve(path), path, user);
  }

  @Override
  public List<String> allowedMethods(String resource, boolean item) {
    return Action.allowedMethods(controller, resource, item);
  }

  @Override
  public ActionResponse export(ActionRequest.Builder request, ServedApplication.HttpInput input, ExportFormat format,
      boolean headerRow, HttpServletResponse resp, JsonCodec json) throws IOException {
    return ControllerAccess.root().runtime(controller).export(build(request, input), format, headerRow, resp, json);
  }

  @Override
  public List<String> importMethods(String resource) {
    return Importer.enabled(controller, resource) ? List.of("POST") : List.of();
  }

  @Override
  public List<String> fileMethods(String resource, boolean file) {
    return Attachments.methods(controller, resource, file);
  }

  @Override
  public long importLimit(String resource) {
    return controller.config().resolve(resource + ".import").integer(ControllerOptions.MAX_IMPORT_BYTES.name(),
        ControllerOptions.MAX_IMPORT_BYTES.defaultValue());
  }

  @Override
  public ActionResponse importRows(ActionRequest.Builder request, ServedApplication.HttpInput input, ImportFile.Source file,
      JsonCodec json, ImportJobs jobs, String base) {
    return ControllerAccess.root().runtime(controller).importRows(build(request, input), file, json, jobs, base);
  }

  @Override
  public boolean hasAction(String name, ActionScope scope) {
    return ControllerAccess.root().runtime(controller).customAction(name, scope) != null;
  }

  @Override
  public ActionResponse runAction(String name, ActionScope scope, ActionRequest.Builder request,
      ServedApplication.HttpInput input, JsonCodec json) {
    return ControllerAccess.root().runtime(controller).runCustom(ControllerAccess.root().runtime(controller).customAction(name, scope), build(request, input), json);
  }

  @Override
  public boolean hasFiles() {
    return ControllerAccess.root().runtime(controller).hasAttachments();
  }

  @Override
  public ActionResponse files(String action, ActionRequest.Builder request, ServedApplication.HttpInput input,
      String name, jakarta.servlet.http.HttpServletRequest req, HttpServletResponse resp) throws IOException {
    return ControllerAccess.root().runtime(controller).files(FileAction.byId(action), build(request, input), name, req, resp);
  }

  private static ActionRequest build(ActionRequest.Builder request, ServedApplication.HttpInput input) {
    return ControllerAccess.root().request(request, input.query(), input.body(), input.read());
  }
}
