package io.footfall.privacy;

/**
 * Privacy settings of a node ({@code privacy.*}).
 *
 * @param optOutFile the opt-out list ({@link OptOutList}, written by {@code footfall opt-out}); empty: no list
 */
public record PrivacyConfig(String optOutFile) {

  public PrivacyConfig {
    optOutFile = optOutFile == null ? "" : optOutFile.strip();
  }
}
