package dev.scribe.controller;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code OPTIONS *}: a question about the server itself rather than a resource (RFC 9110, section 9.3.7), which
 * no servlet is mapped to and Jetty would answer 404, as though the server did not exist. It is answered 204
 * with the methods some route of the server serves; each URL's own {@code OPTIONS} says which it serves.
 * {@code CONNECT}, which asks for a tunnel to another host, is answered 501: this server is no proxy. A request
 * target in absolute form whose scheme is neither http nor https ({@code ftp://host/tasks}) is a 400.
 */
final class ServerWideOptions extends Handler.Wrapper {
  /** The methods the routes of the applications serve, in the order the routes list them. */
  static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

  /** The reason of the 400 of a target of another scheme than HTTP's, followed by the scheme (see JettyReasons). */
  static final String UNSERVED_SCHEME = "Unserved scheme ";

  ServerWideOptions(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if ("CONNECT".equals(request.getMethod())) {
      // its target is a host and port, not a URL of this server: the servlet would answer 404 for "/"
      Response.writeError(request, response, callback, 501, "CONNECT asks for a tunnel to another server, and this"
          + " server is no proxy: it serves its own URLs only");
      return true;
    }
    String scheme = request.getHttpURI().getScheme();
    if (scheme != null && !"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      // an absolute target of another scheme (ftp://host/tasks) names no URL of this server: its path was served
      Response.writeError(request, response, callback, 400, UNSERVED_SCHEME + scheme);
      return true;
    }
    if (!"OPTIONS".equals(request.getMethod()) || !"*".equals(request.getHttpURI().getPath())) {
      return super.handle(request, response, callback);
    }
    response.setStatus(204);
    response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
    response.write(true, null, callback);
    return true;
  }
}
