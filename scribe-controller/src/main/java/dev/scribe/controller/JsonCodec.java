package dev.scribe.controller;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.scribe.core.Veto;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads request bodies into plain Java values (maps, lists, strings, numbers, booleans) and writes
 * response bodies. Floating-point numbers are read as {@code BigDecimal} so that no precision is lost
 * before the entity tier converts them; dates are written as ISO-8601 strings.
 */
final class JsonCodec {
  /** The codec of in-process calls and of applications that bring no mapper of their own. */
  static final JsonCodec DEFAULT = new JsonCodec(defaultMapper());

  private final ObjectMapper mapper;

  JsonCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The mapper used when the application does not bring its own. */
  static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** The JSON value of {@code body}; a 400 veto saying where the JSON is malformed. */
  Object read(byte[] body) {
    try {
      return mapper.readValue(body, Object.class);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new Veto(400, "the request body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the response body cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
