package dev.scribe.controller.http.problem;

/** The standard reason phrase of an HTTP status, used as the {@code title} of problem bodies. */
final class Reasons {
  private Reasons() {}

  static String of(int status) {
    switch (status) {
      case 200: return "OK";
      case 201: return "Created";
      case 204: return "No Content";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 406: return "Not Acceptable";
      case 408: return "Request Timeout";
      case 409: return "Conflict";
      case 410: return "Gone";
      case 412: return "Precondition Failed";
      case 411: return "Length Required";
      case 413: return "Content Too Large";
      case 414: return "URI Too Long";
      case 415: return "Unsupported Media Type";
      case 416: return "Range Not Satisfiable";
      case 417: return "Expectation Failed";
      case 422: return "Unprocessable Content";
      case 423: return "Locked";
      case 428: return "Precondition Required";
      case 426: return "Upgrade Required";
      case 429: return "Too Many Requests";
      case 431: return "Request Header Fields Too Large";
      case 500: return "Internal Server Error";
      case 501: return "Not Implemented";
      case 503: return "Service Unavailable";
      case 505: return "HTTP Version Not Supported";
      case 507: return "Insufficient Storage";
      default: return status >= 500 ? "Server Error" : "Client Error";
    }
  }
}
