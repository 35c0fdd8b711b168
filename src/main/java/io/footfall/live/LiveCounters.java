package io.footfall.live;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/** What the live stream has done since start, for operators and for tests that need to know a push round ran. */
final class LiveCounters {

  final AtomicLong sockets = new AtomicLong();
  final AtomicLong messages = new AtomicLong();
  final AtomicLong rounds = new AtomicLong();
  final AtomicLong frames = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong inboundIgnored = new AtomicLong();

  JsonObject toJson() {
    return new JsonObject()
        .put("sockets", sockets.get())
        .put("messages", messages.get())
        .put("rounds", rounds.get())
        .put("frames", frames.get())
        .put("skipped", skipped.get())
        .put("inboundIgnored", inboundIgnored.get());
  }
}
