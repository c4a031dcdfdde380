package dev.scribe.controller;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;

/**
 * The routes beyond the five actions, tried before them: custom actions ({@code POST /tasks/find},
 * {@code POST /tasks/{id}/complete}). Answers null for every other request, which the five actions serve.
 */
final class ExtraRoutes {
  private final RestApplication app;
  private final ScribeServlet servlet;

  ExtraRoutes(RestApplication app, ScribeServlet servlet) {
    this.app = app;
    this.servlet = servlet;
  }

  ActionResponse dispatch(HttpServletRequest req, String method, List<String> segments, Router.Route route,
      String requestId, ScribeServlet.Outcome outcome) throws IOException {
    if (method.equals("POST")) {
      if (route != null && route.kind() == Router.Kind.ITEM) {
        CustomActions.Declared action = route.mount().controller.customAction(route.id(), ActionScope.COLLECTION);
        if (action != null) {
          return custom(req, route, null, action, requestId, outcome);
        }
      }
      if (route == null && segments.size() >= 3) {
        Router.Route item = app.router().match(segments.subList(0, segments.size() - 1));
        if (item != null && item.kind() == Router.Kind.ITEM) {
          CustomActions.Declared action = item.mount().controller.customAction(segments.get(segments.size() - 1),
              ActionScope.ITEM);
          if (action != null) {
            return custom(req, item, item.id(), action, requestId, outcome);
          }
        }
      }
    }
    return null;
  }

  private ActionResponse custom(HttpServletRequest req, Router.Route route, String id, CustomActions.Declared action,
      String requestId, ScribeServlet.Outcome outcome) throws IOException {
    Mount mount = route.mount();
    outcome.path = mount.resource + "." + action.name();
    outcome.action = action.name();
    ActionRequest.Builder request = request(req, route, requestId).id(id);
    request.rawBody(servlet.readBody(req));
    return mount.controller.runCustom(action, request.build(), app.json());
  }

  /** The request as the actions see it: resource, query, user, collection URL, parent, If-Match. */
  ActionRequest.Builder request(HttpServletRequest req, Router.Route route, String requestId) {
    Mount mount = route.mount();
    String base = req.getContextPath() + (req.getServletPath() == null ? "" : req.getServletPath());
    ActionRequest.Builder request = ActionRequest.builder()
        .resource(mount.resource)
        .rawQuery(QueryString.parse(req.getQueryString()))
        .user(ScribeServlet.user(req))
        .collectionUri(base + route.collectionPath())
        .requestId(requestId);
    String ifMatch = req.getHeader("If-Match");
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    if (mount.parent != null) {
      request.parent(mount.parentAttribute, route.parentId());
    }
    return request;
  }
}
