package io.footfall.analytics;

/** A snapshot that cannot be restored: damaged, of another format version, or of a different site layout. */
public final class InvalidSnapshotException extends RuntimeException {

  public InvalidSnapshotException(String message) {
    super(message);
  }
}
