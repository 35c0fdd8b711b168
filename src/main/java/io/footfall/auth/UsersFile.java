package io.footfall.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users file: a YAML list of {@code {name, passwordHash, role, sites, zones, tokens}}, where {@code tokens}
 * (optional) lists the user's {@link ApiToken}s as {@code {id, label, sha256, created}}. Read at start (and
 * re-read by the web server when it changes); written only by {@code footfall user ...}, atomically (a temporary
 * file moved into place).
 */
public final class UsersFile {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private record Entry(String name, String passwordHash, String role, List<String> sites, List<String> zones,
                       List<ApiToken> tokens) {
  }

  private UsersFile() {
  }

  /** The users in the file; a missing file holds none. */
  public static List<User> load(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      Entry[] entries = YAML.readValue(Files.readAllBytes(file), Entry[].class);
      List<User> users = new ArrayList<>();
      for (Entry e : entries == null ? new Entry[0] : entries) {
        users.add(new User(e.name(), e.passwordHash(), Role.of(e.role()), e.sites(), e.zones(), e.tokens()));
      }
      return List.copyOf(users);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Adds the user, or replaces the one with the same name, and writes the file back. */
  public static void put(Path file, User user) {
    List<User> users = new ArrayList<>(load(file));
    users.removeIf(u -> u.name().equals(user.name()));
    users.add(user);
    List<Map<String, Object>> out = users.stream().map(UsersFile::entry).toList();
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".users", ".tmp");
      YAML.writeValue(tmp.toFile(), out);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> entry(User u) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", u.name());
    entry.put("passwordHash", u.passwordHash());
    entry.put("role", u.role().token());
    entry.put("sites", u.sites());
    entry.put("zones", u.zones());
    if (!u.tokens().isEmpty()) {
      entry.put("tokens", u.tokens().stream().map(UsersFile::token).toList());
    }
    return entry;
  }

  private static Map<String, Object> token(ApiToken t) {
    Map<String, Object> token = new LinkedHashMap<>();
    token.put("id", t.id());
    token.put("label", t.label());
    token.put("created", t.created());
    token.put("sha256", t.sha256());
    return token;
  }
}
