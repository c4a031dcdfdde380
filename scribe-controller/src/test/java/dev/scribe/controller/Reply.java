package dev.scribe.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/** One HTTP answer as the tests read it. */
record Reply(int status, HttpHeaders headers, String body) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  Object json() {
    try {
      return MAPPER.readValue(body, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> map() {
    return (Map<String, Object>) json();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> items() {
    return (List<Map<String, Object>>) map().get("items");
  }

  @Override
  public String toString() {
    return status + " " + headers.map() + " " + body;
  }
}
