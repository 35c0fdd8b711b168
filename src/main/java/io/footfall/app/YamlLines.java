package io.footfall.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each setting or field of a YAML (or JSON) file is, by the dotted path footfall's messages use
 * ({@code mqtt.port}, {@code sensors[2].merakiApMac}), from a location-aware streaming parse; so that a problem
 * found after parsing can still be reported with its line.
 */
final class YamlLines {

  private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:\\[\\d+])?(?:\\.[A-Za-z][A-Za-z0-9]*(?:\\[\\d+])?)*");

  private final Map<String, Integer> lines = new HashMap<>();

  private YamlLines() {
  }

  /** Knows no lines: every lookup answers 0. */
  static YamlLines empty() {
    return new YamlLines();
  }

  /** @throws IOException when the file is not YAML at all (the caller reports the parser's own line) */
  static YamlLines of(byte[] yaml) throws IOException {
    YamlLines out = new YamlLines();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      if (p.nextToken() != null) {
        out.value(p, "");
      }
    }
    return out;
  }

  /**
   * The line of the field a message is about: the path at its start or in quotes ({@code unknown setting 'x.y'}),
   * or its closest enclosing field that exists in the file; 0 when none does.
   */
  int lineOf(String message) {
    Matcher quoted = Pattern.compile("'([^']+)'").matcher(message);
    if (message.startsWith("unknown setting") && quoted.find()) {
      return closest(quoted.group(1));
    }
    Matcher m = PATH.matcher(message);
    return m.lookingAt() ? closest(m.group()) : 0;
  }

  private int closest(String path) {
    String p = path;
    while (!p.isEmpty()) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
    return 0;
  }

  private void value(JsonParser p, String path) throws IOException {
    JsonToken t = p.currentToken();
    lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
    if (t == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String child = path.isEmpty() ? p.currentName() : path + "." + p.currentName();
        lines.put(child, p.currentTokenLocation().getLineNr());
        p.nextToken();
        value(p, child);
      }
    } else if (t == JsonToken.START_ARRAY) {
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        value(p, path + "[" + i++ + "]");
      }
    }
  }
}
