package io.footfall.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable objects between verticles of one node by reference. Used for sighting batches and rollups,
 * which never need to cross a cluster boundary as objects.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {

  private final String name;

  public LocalCodec(Class<T> type) {
    this.name = "local-" + type.getSimpleName();
  }

  @Override
  public void encodeToWire(Buffer buffer, T t) {
    throw new UnsupportedOperationException(name + " is local only");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name + " is local only");
  }

  @Override
  public T transform(T t) {
    return t;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
