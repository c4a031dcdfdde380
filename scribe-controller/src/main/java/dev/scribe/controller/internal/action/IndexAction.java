package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.request.NotModified;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.controller.internal.request.QueryParser;
import dev.scribe.core.EventArgs;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Page;
import dev.scribe.repository.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index action: a page of records ({@code items}, {@code page}, {@code size}, {@code total}), or
 * {@code {"count": N}} on the count route, for the query the {@code onPreIndex} handlers left.
 */
public final class IndexAction<E, ID> implements ActionStep<E, ID> {
  @Override
  public ActionResponse run(ActionSteps<E, ID> steps, ActionCall call, Parent parent, JsonCodec json) {
    Map<String, Object> query = new LinkedHashMap<>();
    call.request.query().forEach((k, v) -> query.put(k, v instanceof List ? new ArrayList<>((List<?>) v) : v));
    call.args.put(EventArgs.QUERY, query);
    return steps.store.inTransaction(() -> {
      steps.begin(call, parent);
      Query parsed = QueryParser.parse(call, steps.view, steps.repository.name());
      if (parent != null) {
        parsed.where(parent.attribute(), Operator.EQ, parent.id());
      }
      CallOptions options = steps.callOptions(call, false, null);
      if (call.countOnly) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", steps.repository.count(parsed, options));
        return NotModified.check(call, steps.finish(call, 200, result));
      }
      Page<E> page = steps.repository.list(parsed, options);
      call.args.put(EventArgs.RESULTS, new ArrayList<Object>(page.items()));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("items", steps.view.renderAll(page.items(), call));
      result.put("page", page.page());
      result.put("size", page.size());
      result.put("total", page.total());
      // a page has no ETag: an If-Match naming a tag is a 412, as for a record whose tag differs
      return NotModified.check(call, steps.finish(call, 200, result));
    });
  }
}
