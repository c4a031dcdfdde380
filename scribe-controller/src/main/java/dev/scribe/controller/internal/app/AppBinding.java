package dev.scribe.controller.internal.app;

import dev.scribe.controller.AuthController;
import dev.scribe.controller.ImportJobLimits;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.TraceOptions;
import dev.scribe.controller.auth.Authenticator;
import dev.scribe.controller.auth.TokenAuthenticator;
import dev.scribe.controller.http.Router;
import dev.scribe.controller.http.ServedApplication;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.auth.AuthCall;
import dev.scribe.controller.internal.auth.AuthRoutes;
import dev.scribe.controller.internal.console.Console;
import dev.scribe.controller.internal.console.Introspection;
import dev.scribe.core.Scribe;
import java.util.List;
import java.util.Map;

/** A {@link RestApplication} as its servlet serves it: what the HTTP binding may reach of the application. */
public record AppBinding(RestApplication app, Router router, long maxBodyBytes, TraceOptions trace, JsonCodec json,
    Authenticator authenticator, Console console, Auth auth, boolean catalogue, TrustedProxies trustedProxies,
    ImportJobLimits importJobLimits) implements ServedApplication {

  /** The {@code /auth} routes of {@code controller}, or null without one. */
  public static Auth auth(AuthController controller) {
    if (controller == null) {
      return null;
    }
    AuthRoutes routes = new AuthRoutes(controller);
    return (method, action, urlPath, query, body, user, header, client, requestId, json, unacceptable) ->
        routes.serve(method, action, urlPath, query, new AuthCall(body, user,
            TokenAuthenticator.bearerToken(header.apply("Authorization")), client, requestId, header), json, unacceptable);
  }

  @Override
  public void start() {
    app.start();
  }

  @Override
  public dev.scribe.repository.DataStore store() {
    return app.store();
  }

  @Override
  public Scribe scribe() {
    return app.scribe();
  }

  @Override
  public List<String> resources() {
    return app.resources();
  }

  @Override
  public Map<String, Object> introspection() {
    return catalogue ? Introspection.toJson(app.describeManagers()) : null;
  }
}
