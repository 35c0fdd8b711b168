package io.footfall.app;

import io.footfall.fault.InvalidConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;

/**
 * Whether the HTTP and MQTT ports are free, asked before anything slow starts (the embedded PostgreSQL takes
 * seconds), so that a port another program holds is reported at once, named with the option that changes it,
 * instead of as a bare "Address already in use" once everything else has started. The servers still bind for real
 * later; this only brings the usual failure forward.
 */
final class PortCheck {

  private PortCheck() {
  }

  /**
   * @param option the command-line option that changes it ({@code footfall demo}), or null where only the setting does
   * @throws InvalidConfigException naming the busy port, its setting and the command-line option that changes it
   */
  static void requireFree(String what, String host, int port, String setting, String option) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(host == null || host.isBlank() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
    } catch (IOException e) {
      String env = "FOOTFALL_" + setting.toUpperCase(Locale.ROOT).replace('.', '_');
      throw new InvalidConfigException(what + " port " + port + " is already in use by another program: stop it, or "
          + "pick another port with " + (option == null ? "" : option + " N, ") + "the setting " + setting
          + " or the environment variable " + env + " (0 picks a free port)");
    }
  }
}
