package io.footfall.site;

/** A site file that footfall cannot use; the message names every field at fault. */
public final class InvalidSiteException extends RuntimeException {

  public InvalidSiteException(String message) {
    super(message);
  }
}
