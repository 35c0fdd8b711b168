package io.footfall.privacy;

import io.footfall.wire.DevicePseudonyms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code footfall opt-out}: adds a person's device to the opt-out list. The MAC address they give is turned into
 * its device ids under every key of the site key files, exactly as the sensors compute them
 * ({@link DevicePseudonyms}); only those ids are written, never the address. The file is rewritten atomically, so a
 * server re-reading it never sees half a line.
 */
@Command(name = "opt-out", mixinStandardHelpOptions = true,
    description = "Stop counting a device: add its device ids (never its MAC) to the opt-out list.")
public final class OptOutCommand implements Callable<Integer> {

  @Option(names = "--key-file", required = true,
      description = "A site key file the sensors use (repeatable, one per site); every key in it is applied.")
  List<Path> keyFiles;

  @Option(names = "--mac", required = true, description = "The device's MAC address, e.g. AA:BB:CC:DD:EE:FF.")
  String mac;

  @Option(names = "--file", required = true, description = "The opt-out list (the 'privacy.optOutFile' setting); created if missing.")
  Path file;

  @Override
  public Integer call() {
    byte[] address = parseMac(mac);
    if (address == null) {
      System.err.println("footfall: --mac must be six hex bytes such as AA:BB:CC:DD:EE:FF");
      return 2;
    }
    try {
      Set<String> ids = new LinkedHashSet<>();
      for (Path keyFile : keyFiles) {
        ids.addAll(DevicePseudonyms.fromKeyFile(keyFile).everyPseudonym(address));
      }
      int added = append(ids);
      System.out.printf("%d device ids added to %s (%d already listed)%n", added, file, ids.size() - added);
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("footfall: " + e.getMessage());
      return 2;
    }
  }

  private int append(Set<String> ids) throws IOException {
    List<String> lines = Files.exists(file)
        ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
        : new ArrayList<>(List.of("# footfall opt-out list: device ids that are never counted (docs/privacy.md)"));
    Set<String> listed = new LinkedHashSet<>();
    lines.forEach(line -> listed.add(line.strip().toLowerCase(Locale.ROOT)));
    int added = 0;
    for (String id : ids) {
      if (listed.add(id)) {
        lines.add(id);
        added++;
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".optout", ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return added;
  }

  /** Six bytes from {@code AA:BB:CC:DD:EE:FF}, {@code aa-bb-...} or {@code aabbccddeeff}; null otherwise. */
  static byte[] parseMac(String text) {
    String hex = text == null ? "" : text.strip().replaceAll("[:.-]", "");
    return hex.matches("[0-9A-Fa-f]{12}") ? HexFormat.of().parseHex(hex) : null;
  }
}
