package io.footfall.broker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority made at test time with the openssl command, and server certificates it signs,
 * as the PEM files a broker such as Mosquitto reads. Tests that need it are skipped when openssl is not installed.
 *
 * @param dir  where its files are
 * @param name the CA's file name prefix and common name
 * @param cert its certificate, PEM: what a client trusts
 */
record TestCa(Path dir, String name, Path cert) {

  private static final List<Path> OPENSSL = List.of(Path.of("/usr/bin/openssl"), Path.of("/usr/local/bin/openssl"));

  /** A server's certificate signed by the CA, and its private key. */
  record ServerPem(Path cert, Path key) {
  }

  /** A new CA under {@code dir}; skips the calling test when openssl is missing. */
  static TestCa create(Path dir, String name) throws Exception {
    Path cert = dir.resolve(name + ".pem");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", dir.resolve(name + ".key").toString(), "-out", cert.toString(), "-days", "2",
        "-subj", "/CN=" + name);
    return new TestCa(dir, name, cert);
  }

  /**
   * A certificate for {@code server} signed by this CA, valid for the given subject alternative names
   * (e.g. {@code DNS:localhost}, {@code IP:127.0.0.1}).
   */
  ServerPem issue(String server, String... names) throws Exception {
    Path key = dir.resolve(server + ".key");
    Path request = dir.resolve(server + ".csr");
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", request.toString(), "-subj", "/CN=" + server);
    Path extensions = Files.writeString(dir.resolve(server + ".ext"), "subjectAltName=" + String.join(",", names));
    Path cert = dir.resolve(server + ".pem");
    openssl("x509", "-req", "-in", request.toString(), "-CA", this.cert.toString(),
        "-CAkey", dir.resolve(name + ".key").toString(), "-CAcreateserial", "-days", "2",
        "-extfile", extensions.toString(), "-out", cert.toString());
    return new ServerPem(cert, key);
  }

  private static void openssl(String... args) throws Exception {
    Path binary = OPENSSL.stream().filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(binary != null, "openssl is not installed (apt-get install -y openssl): skipping broker TLS tests");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("openssl " + args[0] + " failed: " + output);
    }
  }
}
