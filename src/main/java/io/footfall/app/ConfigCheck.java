package io.footfall.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.footfall.meraki.MerakiConfig;
import io.footfall.privacy.OptOutList;
import io.footfall.site.InvalidSiteException;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.DevicePseudonyms;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a site file or a server configuration file without starting anything, and reports every problem it can
 * find as {@code FILE:LINE: message} (line 0 when a problem has no place in the file). A server configuration is
 * checked setting by setting against the config records, then the site files and Meraki key files it names.
 */
public final class ConfigCheck {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final List<String> problems = new ArrayList<>();
  private final List<String> summary = new ArrayList<>();

  /** The problems found, empty when the file is fine. */
  public List<String> problems() {
    return problems;
  }

  /** What was checked, one line each. */
  public List<String> summary() {
    return summary;
  }

  public static ConfigCheck of(Path file) {
    ConfigCheck check = new ConfigCheck();
    check.file(file);
    return check;
  }

  private void file(Path file) {
    byte[] bytes;
    JsonNode root;
    YamlLines lines;
    try {
      bytes = Files.readAllBytes(file);
      root = YAML.readTree(bytes);
      lines = YamlLines.of(bytes);
    } catch (JsonProcessingException e) {
      problem(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), e.getOriginalMessage());
      return;
    } catch (IOException e) {
      problem(file, 0, "cannot read: " + e.getMessage());
      return;
    }
    if (root == null || !root.isObject()) {
      problem(file, 1, "must hold a mapping (a site or a server configuration)");
    } else if (root.has("zones") || root.has("floors")) {
      site(file, lines);
    } else {
      server(file, (ObjectNode) root, lines);
    }
  }

  private Site site(Path file, YamlLines lines) {
    try {
      Site site = SiteLoader.load(file);
      summary.add(file + ": site " + site.id() + ", " + site.zones().size() + " zones, " + site.sensors().size()
          + " sensors");
      return site;
    } catch (InvalidSiteException e) {
      String message = e.getMessage();
      int list = message.indexOf("problem(s):\n");
      if (list < 0) {
        problem(file, 0, message.startsWith(file + ": ") ? message.substring(file.toString().length() + 2) : message);
      } else {
        message.substring(list + "problem(s):\n".length()).lines().map(String::strip)
            .forEach(p -> problem(file, lines.lineOf(p), p));
      }
      return null;
    }
  }

  private void server(Path file, ObjectNode given, YamlLines lines) {
    ObjectNode merged = defaults();
    merge(file, merged, given, "", lines);
    for (RecordComponent component : FootfallConfig.class.getRecordComponents()) {
      JsonNode node = merged.get(component.getName());
      if (component.getType().isRecord() && node != null) {
        section(file, component, node, lines);
      }
    }
    List<Site> sites = new ArrayList<>();
    JsonNode siteFiles = merged.path("sites");
    for (int i = 0; i < siteFiles.size(); i++) {
      Path siteFile = Path.of(siteFiles.get(i).asText());
      if (!Files.isRegularFile(siteFile)) {
        problem(file, lines.lineOf("sites[" + i + "]"), "sites[" + i + "]: no file " + siteFile);
        continue;
      }
      Site site = site(siteFile, linesOf(siteFile));
      if (site != null) {
        sites.add(site);
      }
    }
    merakiKeys(file, merged, sites, lines);
    optOutList(file, merged, lines);
    summary.add(file + ": server configuration, " + siteFiles.size() + " site file(s)");
  }

  private void section(Path file, RecordComponent component, JsonNode node, YamlLines lines) {
    try {
      YAML.treeToValue(node, component.getType());
    } catch (JsonMappingException e) {
      String field = e.getPath().isEmpty() || e.getPath().get(0).getFieldName() == null ? ""
          : "." + e.getPath().get(0).getFieldName();
      Throwable root = rootCause(e);
      String message = root instanceof IllegalArgumentException ? root.getMessage()
          : component.getName() + field + ": " + e.getOriginalMessage();
      problem(file, lines.lineOf(message), message);
    } catch (JsonProcessingException e) {
      problem(file, lines.lineOf(component.getName()), component.getName() + ": " + e.getOriginalMessage());
    }
  }

  private void merakiKeys(Path file, JsonNode merged, List<Site> sites, YamlLines lines) {
    MerakiConfig meraki;
    try {
      meraki = YAML.treeToValue(merged.get("meraki"), MerakiConfig.class);
    } catch (JsonProcessingException e) {
      return;
    }
    if (!meraki.enabled()) {
      return;
    }
    for (Site site : sites) {
      if (site.sensors().stream().anyMatch(s -> s.merakiApMac() != null)) {
        try {
          DevicePseudonyms.fromKeyFile(Path.of(meraki.keyFileOf(site.id())));
        } catch (IOException | IllegalArgumentException e) {
          problem(file, lines.lineOf("meraki.keyFile"), "meraki.keyFile: site " + site.id() + ": " + e.getMessage());
        }
      }
    }
  }

  /** The opt-out list must parse (a missing one is an empty list, created by the first {@code footfall opt-out}). */
  private void optOutList(Path file, JsonNode merged, YamlLines lines) {
    String optOut = merged.path("privacy").path("optOutFile").asText("");
    if (optOut.isBlank()) {
      return;
    }
    try {
      OptOutList.read(Path.of(optOut.strip()));
    } catch (IOException | IllegalArgumentException e) {
      problem(file, lines.lineOf("privacy.optOutFile"), "privacy.optOutFile: " + e.getMessage());
    }
  }

  private void merge(Path file, ObjectNode into, JsonNode from, String path, YamlLines lines) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode existing = into.get(f.getKey());
      if (existing == null) {
        String message = "unknown setting '" + path + f.getKey() + "'";
        problem(file, lines.lineOf(message), message);
      } else if (existing.isObject() && f.getValue().isObject()) {
        merge(file, (ObjectNode) existing, f.getValue(), path + f.getKey() + ".", lines);
      } else {
        into.set(f.getKey(), f.getValue());
      }
    }
  }

  private YamlLines linesOf(Path file) {
    try {
      return YamlLines.of(Files.readAllBytes(file));
    } catch (IOException e) {
      return YamlLines.empty();
    }
  }

  private static ObjectNode defaults() {
    try (InputStream in = ConfigCheck.class.getClassLoader().getResourceAsStream("footfall-defaults.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("bundled footfall-defaults.yaml unreadable", e);
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  private void problem(Path file, int line, String message) {
    problems.add(file + ":" + line + ": " + message);
  }
}
