package io.footfall.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.footfall.alerts.AlertsConfig;
import io.footfall.analytics.MetricsSettings;
import io.footfall.broker.BrokerConfig;
import io.footfall.cluster.ClusterConfig;
import io.footfall.engine.EngineConfig;
import io.footfall.fault.InvalidConfigException;
import io.footfall.ingest.MqttConfig;
import io.footfall.live.HttpConfig;
import io.footfall.meraki.MerakiConfig;
import io.footfall.notify.NotifyConfig;
import io.footfall.privacy.PrivacyConfig;
import io.footfall.store.DatabaseConfig;
import io.footfall.store.RepeatConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole configuration of a node, one record per component, loaded once at start: the bundled defaults
 * ({@code footfall-defaults.yaml}), then the operator's file, then {@code FOOTFALL_*} environment variables.
 * A bad value stops the start with a message naming the setting.
 *
 * @param users the users file ({@link io.footfall.auth.UsersFile}); empty: no users besides the demo ones
 * @param privacy the opt-out list ({@link io.footfall.privacy.OptOutList})
 */
public record FootfallConfig(String dataDir, List<String> sites, HttpConfig http, MqttConfig mqtt,
                             DatabaseConfig database, EngineConfig engine, ClusterConfig cluster,
                             MetricsSettings metrics, MerakiConfig meraki, BrokerConfig broker,
                             AlertsConfig alerts, NotifyConfig notifications, String users, RepeatConfig repeat,
                             PrivacyConfig privacy) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);

  /**
   * @param file    the operator's YAML or JSON file, or null for defaults only
   * @param env     environment variables; {@code FOOTFALL_*} ones override the file
   * @param options command-line options by dotted setting name ({@code http.port}); they override everything
   */
  public static FootfallConfig load(Path file, Map<String, String> env, Map<String, String> options) {
    ObjectNode tree = defaults();
    if (file != null) {
      try {
        JsonNode given = YAML.readTree(Files.readAllBytes(file));
        if (given != null && !given.isNull()) {
          if (!given.isObject()) {
            throw new InvalidConfigException(file + ": must hold a mapping of settings");
          }
          merge(tree, (ObjectNode) given, "");
        }
      } catch (IOException e) {
        throw new InvalidConfigException(file + ": " + e.getMessage());
      }
    }
    applyEnvironment(tree, env);
    options.forEach((setting, value) -> set(tree, setting, value));
    try {
      return YAML.treeToValue(tree, FootfallConfig.class);
    } catch (IOException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new InvalidConfigException((file == null ? "configuration" : file.toString()) + ": " + root.getMessage());
    }
  }

  private static ObjectNode defaults() {
    try (InputStream in = FootfallConfig.class.getClassLoader().getResourceAsStream("footfall-defaults.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("bundled footfall-defaults.yaml unreadable", e);
    }
  }

  private static void merge(ObjectNode into, ObjectNode from, String path) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode existing = into.get(f.getKey());
      if (existing == null) {
        throw new InvalidConfigException("unknown setting '" + path + f.getKey() + "'");
      }
      if (existing.isObject() && f.getValue().isObject()) {
        merge((ObjectNode) existing, (ObjectNode) f.getValue(), path + f.getKey() + ".");
      } else {
        into.set(f.getKey(), f.getValue());
      }
    }
  }

  /** FOOTFALL_MQTT_PORT sets mqtt.port; FOOTFALL_DATA_DIR sets dataDir. */
  private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
    Iterator<Map.Entry<String, JsonNode>> sections = tree.fields();
    while (sections.hasNext()) {
      Map.Entry<String, JsonNode> section = sections.next();
      if (section.getValue().isObject()) {
        ObjectNode node = (ObjectNode) section.getValue();
        List.copyOf(iterable(node.fieldNames())).forEach(key -> {
          String value = env.get("FOOTFALL_" + snake(section.getKey()) + "_" + snake(key));
          if (value != null) {
            node.set(key, TextNode.valueOf(value));
          }
        });
      } else {
        String value = env.get("FOOTFALL_" + snake(section.getKey()));
        if (value != null && !section.getValue().isArray()) {
          tree.set(section.getKey(), TextNode.valueOf(value));
        }
      }
    }
  }

  private static void set(ObjectNode tree, String setting, String value) {
    String[] path = setting.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      node = (ObjectNode) node.get(path[i]);
    }
    node.set(path[path.length - 1], TextNode.valueOf(value));
  }

  private static <T> List<T> iterable(Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
