package io.footfall.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * JSON published to many consumers and never changed after it is sent: on this node every consumer gets the same
 * instance, across nodes it travels as JSON text. Vert.x's own JSON codec copies the object for each local consumer,
 * which for a live frame of a 200-zone site, twenty times a second to every web verticle, cost a tenth of the
 * engine's thread. Consumers read these messages and copy what they want to change.
 */
public final class SharedJson implements MessageCodec<JsonObject, JsonObject> {

  public static final String NAME = "footfall-shared-json";

  /** Sends or publishes the JSON under this codec. */
  public static final DeliveryOptions DELIVERY = new DeliveryOptions().setCodecName(NAME);

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.slice(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
