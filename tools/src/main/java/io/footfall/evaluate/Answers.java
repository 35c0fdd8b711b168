package io.footfall.evaluate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the API's answers blocking (the evaluation runs on its own thread, never on an event loop) and picks
 * values out of them by their documented field names (docs/metrics.md, docs/estimation.md).
 */
interface Answers {

  /** The decoded JSON answer of a GET, empty when the route answers 404. */
  Optional<Object> get(String pathAndQuery);

  /** The decoded JSON answer of a POST, empty when the route answers 404. */
  Optional<Object> post(String path, JsonObject body);

  static JsonObject object(Object json) {
    if (json instanceof JsonObject o) {
      return o;
    }
    if (json instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) m;
      return new JsonObject(map);
    }
    return null;
  }

  static JsonArray array(Object json) {
    if (json instanceof JsonArray a) {
      return a;
    }
    if (json instanceof List<?> l) {
      return new JsonArray(l);
    }
    return null;
  }

  /** The number at {@code path} (dotted), or null when it is absent, null or not a number. */
  static Double number(JsonObject json, String path) {
    Object value = json;
    for (String part : path.split("\\.")) {
      JsonObject o = object(value);
      value = o == null ? null : o.getValue(part);
    }
    return value instanceof Number n ? n.doubleValue() : null;
  }

  /** The array under {@code name}, or null. */
  static JsonArray list(Object json, String name) {
    JsonObject o = object(json);
    return o == null ? null : array(o.getValue(name));
  }

  /** The row text of an answer that lacks a documented field. */
  static String lacks(String field) {
    return "n/a (answer lacks " + field + ")";
  }
}
