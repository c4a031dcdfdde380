package dev.scribe.controller.http.codec;

import dev.scribe.core.Veto;

/**
 * A request body as it arrived over HTTP: JSON bytes still to be parsed, or the reason it was refused
 * (too large, wrong content type). Parsing and refusal happen inside the action, so that {@code onError}
 * handlers see these failures like any other.
 */
public final class RequestBody {
  private final byte[] bytes;
  private final Veto refusal;

  private RequestBody(byte[] bytes, Veto refusal) {
    this.bytes = bytes;
    this.refusal = refusal;
  }

  public static RequestBody of(byte[] bytes) {
    return new RequestBody(bytes, null);
  }

  public static RequestBody refused(Veto refusal) {
    return new RequestBody(null, refusal);
  }

  /** True when the request came without a body, or with an empty one. */
  public boolean isEmpty() {
    return refusal == null && bytes.length == 0;
  }

  /** Why the body was refused as it arrived (too large, not JSON, not read whole), or null. */
  public Veto refusal() {
    return refusal;
  }

  /** The parsed JSON value, null for an empty body; throws the refusal or a 400 for malformed JSON. */
  public Object decode(JsonCodec json) {
    if (refusal != null) {
      throw refusal;
    }
    if (bytes.length == 0) {
      return null;
    }
    return json.read(bytes);
  }

  /** {@link #decode(JsonCodec)} for a route that takes {@code expected} (what a body of only {@code null} is told to send). */
  public Object decode(JsonCodec json, String expected) {
    if (refusal != null) {
      throw refusal;
    }
    if (bytes.length == 0) {
      return null;
    }
    return json.read(bytes, expected);
  }
}
