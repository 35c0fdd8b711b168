package io.footfall.ingest;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed certificate and its key as PEM files, made at test time with the JDK's keytool (no third-party
 * crypto): keytool writes a PKCS#12 store, from which the key and certificate are exported as PEM.
 */
record SelfSignedPem(Path cert, Path key) {

  static SelfSignedPem create(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC",
        "-validity", "2", "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit"))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    PrivateKey key = (PrivateKey) keys.getKey(name, "changeit".toCharArray());
    Certificate cert = keys.getCertificate(name);
    Path certPem = Files.writeString(dir.resolve(name + "-cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
    Path keyPem = Files.writeString(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    return new SelfSignedPem(certPem, keyPem);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
