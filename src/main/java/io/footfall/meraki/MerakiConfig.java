package io.footfall.meraki;

/**
 * The receiver of the Cisco Meraki Scanning API ({@code docs/integrations.md}).
 *
 * @param enabled       whether {@code /ingest/meraki/{site}} is served at all
 * @param validator     the validator string the Meraki dashboard shows; answered to its validation GET
 * @param secret        the shared secret set in the Meraki dashboard; a POST carrying another one is refused
 * @param keyFile       site key file for the device pseudonyms, the same file the site's footfall sensors use;
 *                      {@code {site}} in the path is replaced by the site id
 * @param noiseFloorDbm what Meraki's RSSI (dB above the noise floor) is relative to: dBm = rssi + noiseFloorDbm
 * @param maxBodyBytes  largest POST accepted (a v3 POST carries a whole network)
 * @param repeatVisits  whether globally administered clients also get a repeat-visit id, as footfall sensors do
 *                      only with {@code --repeat-visits}: it links a phone's device ids under successive site keys
 *                      for {@code repeat.keyRotationDays} (docs/privacy.md)
 */
public record MerakiConfig(boolean enabled, String validator, String secret, String keyFile, int noiseFloorDbm,
                           int maxBodyBytes, boolean repeatVisits) {

  public MerakiConfig {
    if (enabled && (validator == null || validator.isBlank())) {
      throw new IllegalArgumentException("meraki.validator is required when meraki.enabled is true");
    }
    if (enabled && (secret == null || secret.isBlank())) {
      throw new IllegalArgumentException("meraki.secret is required when meraki.enabled is true");
    }
    if (enabled && (keyFile == null || keyFile.isBlank())) {
      throw new IllegalArgumentException("meraki.keyFile is required when meraki.enabled is true");
    }
    if (noiseFloorDbm < -127 || noiseFloorDbm > -50) {
      throw new IllegalArgumentException("meraki.noiseFloorDbm must be between -127 and -50, got " + noiseFloorDbm);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("meraki.maxBodyBytes must be at least 1024, got " + maxBodyBytes);
    }
  }

  /** A receiver without repeat-visit ids (the default). */
  public MerakiConfig(boolean enabled, String validator, String secret, String keyFile, int noiseFloorDbm,
                      int maxBodyBytes) {
    this(enabled, validator, secret, keyFile, noiseFloorDbm, maxBodyBytes, false);
  }

  /** The key file of one site. */
  public String keyFileOf(String siteId) {
    return keyFile.replace("{site}", siteId);
  }
}
