package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ImportJobLimits;
import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.controller.http.codec.QueryString;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.internal.bulk.Importer;
import dev.scribe.core.Veto;
import dev.scribe.entity.internal.ValueConverter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The routes of imports: {@code POST /tasks/import} (and {@code /tasks/{id}/subtasks/import}) with a CSV or
 * NDJSON body, and {@code GET /imports/{id}}, the status of an import job (served when no resource is mounted
 * at {@code imports}). Answers null for every other request.
 */
final class ImportRoutes {
  private final ServedApplication app;
  private final ImportJobs jobs;

  ImportRoutes(ServedApplication app) {
    this.app = app;
    ImportJobLimits limits = app.importJobLimits();
    // without an authenticator every caller is anonymous (unless a filter names them): they keep the whole queue
    this.jobs = new ImportJobs(limits.maxWaiting(), limits.maxWaitingPerCaller(),
        limits.maxAnonymousWaiting(app.authenticator() != null), limits.kept(), app.store(), app.json());
  }

  /** Takes no more import jobs and deletes the spooled bodies of those not finished. */
  void close() {
    jobs.close();
  }

  ActionResponse dispatch(HttpServletRequest req, HttpServletResponse resp, String method, List<String> segments,
      Router.Route route, String requestId, TraceReporter.Outcome outcome) throws IOException {
    if (route != null && route.kind() == Router.Kind.ITEM && route.id().equals("import")) {
      if (method.equals("POST")) {
        // the report is JSON: a client that takes none is told so before its file is read, as by every action
        ActionResponse unacceptable = Acceptable.refusal(req, resp, req.getPathInfo());
        return unacceptable != null ? unacceptable : importRows(req, route, requestId, outcome);
      }
      // 'import' is reserved: no record answers at this URL, whatever the method; where the resource does not
      // import, no method is allowed there, as its POST's 405 says (OPTIONS and the other 405s offered POST)
      List<String> allowed = route.mount().endpoint().importMethods(route.mount().resource());
      if (method.equals("OPTIONS")) {
        return ActionResponse.of(204, null).withHeader("Allow", String.join(", ", allowed));
      }
      return ResponseWriter.problem(HttpVeto.methodNotAllowed(method + " is not supported on "
          + ValueConverter.shorten(req.getPathInfo()) + (allowed.isEmpty() ? ", and " + Importer.disabled(route.mount()
          .resource()) : "; an import is a POST of the rows as text/csv or application/x-ndjson"), allowed));
    }
    if (route == null && segments.size() == 2 && segments.get(0).equals(ImportJobs.PATH)
        && !method.equals("GET") && !method.equals("HEAD")) {
      // a job's status is read only: say so, rather than a 404 that denies the URL a GET answers
      if (method.equals("OPTIONS")) {
        return ActionResponse.of(204, null).withHeader("Allow", "GET, HEAD");
      }
      return ResponseWriter.problem(HttpVeto.methodNotAllowed(method + " is not supported on " + ValueConverter.shorten(req.getPathInfo())
          + ", the status of an import job; use GET", List.of("GET", "HEAD")));
    }
    if ((method.equals("GET") || method.equals("HEAD")) && route == null && segments.size() == 2
        && segments.get(0).equals(ImportJobs.PATH)) {
      outcome.path = "imports.show";
      outcome.action = "import";
      // what Accept asks for before the job is looked up and before the query, as on every read (docs/http.md, order
      // of checks): the 406 depends on the headers alone and tells nothing about the jobs
      ActionResponse unacceptable = Acceptable.refusal(req, resp, req.getPathInfo());
      if (unacceptable != null) {
        return unacceptable;
      }
      java.util.Map<String, Object> job;
      try {
        job = jobs.status(segments.get(1), Callers.user(req));
      } catch (Veto unreadable) {
        return ResponseWriter.problem(unreadable);
      }
      if (job == null) {
        return ResponseWriter.problem(new Veto(404, "no import job " + ValueConverter.shorten(segments.get(1))
            + "; a finished job is kept, for its caller, until " + jobs.kept() + " are kept and its caller holds the most"
            + " of them (then its oldest goes)"));
      }
      try {
        QueryString.refuseUnread(req.getQueryString(), "GET /" + ImportJobs.PATH + "/{id}", List.of());
      } catch (Veto refused) {
        return ResponseWriter.problem(refused);
      }
      String ifMatch = req.getHeader("If-Match");
      if (ifMatch != null && !ifMatch.strip().equals("*")) {
        // no tag of the status can be named: the condition is false (RFC 9110, 13.1.1), as on an index
        return ResponseWriter.problem(new Veto(412, "the status of an import job answers no ETag, so If-Match "
            + ValueConverter.shorten(ifMatch.strip()) + " names none of its versions; send no If-Match, or If-Match: *"
            + " (any version)"));
      }
      String ifNoneMatch = ExtraRoutes.listHeader(req, "If-None-Match");
      if (ifNoneMatch != null && ifNoneMatch.strip().equals("*")) {
        // false where there is a representation (RFC 9110, 13.1.2), as on an index; no tag of a list can be the status's
        return ActionResponse.of(304, null);
      }
      return ActionResponse.of(200, job);
    }
    return null;
  }

  private ActionResponse importRows(HttpServletRequest req, Router.Route route, String requestId,
      TraceReporter.Outcome outcome) {
    Mount mount = route.mount();
    String path = mount.resource() + ".import";
    outcome.path = path;
    outcome.action = "import";
    long limit = mount.endpoint().importLimit(mount.resource());
    String base = req.getContextPath() + (req.getServletPath() == null ? "" : req.getServletPath());
    return mount.endpoint().importRows(ExtraRoutes.request(req, route, requestId), ExtraRoutes.input(req, null),
        ImportFile.source(req, path, limit, app.maxBodyBytes()), app.json(), jobs, base);
  }
}
