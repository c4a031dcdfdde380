package dev.scribe.controller.internal.files;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One attachment's row: its name, media type, size, SHA-256 digest (base64url), time of the last upload, and store key. */
public record Attachment(String name, String contentType, long size, String digest, long modifiedMillis, String key) {
  /** The strong entity tag of the content: the same bytes give the same tag. */
  String etag() {
    return "\"" + digest + "\"";
  }

  /** What clients see of it: in the list, the upload's answer and the download events' {@code file}. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", name);
    map.put("contentType", contentType);
    map.put("size", size);
    map.put("etag", etag());
    map.put("lastModified", Instant.ofEpochMilli(modifiedMillis).toString());
    return map;
  }
}
