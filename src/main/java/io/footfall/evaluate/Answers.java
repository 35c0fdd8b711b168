package io.footfall.evaluate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the API's answers blocking (the evaluation runs on its own thread, never on an event loop) and picks
 * numbers out of them by any of a few field names, since the metric endpoints are still being built.
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

  /** The first of {@code names} (a dotted path each) that holds a number, or null. */
  static Double number(JsonObject json, String... names) {
    for (String name : names) {
      Object value = json;
      for (String part : name.split("\\.")) {
        JsonObject o = object(value);
        value = o == null ? null : o.getValue(part);
      }
      if (value instanceof Number n) {
        return n.doubleValue();
      }
    }
    return null;
  }

  /** The first of {@code names} that holds an array, or null. */
  static JsonArray list(Object json, String... names) {
    JsonArray direct = array(json);
    if (direct != null) {
      return direct;
    }
    JsonObject o = object(json);
    for (String name : names) {
      JsonArray a = o == null ? null : array(o.getValue(name));
      if (a != null) {
        return a;
      }
    }
    return null;
  }
}
