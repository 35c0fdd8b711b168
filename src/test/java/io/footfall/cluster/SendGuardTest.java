package io.footfall.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Codecs;
import io.footfall.testkit.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message whose codec cannot put it on the wire, sent to a consumer on another cluster node, does not throw into
 * its sender: the engine sends several messages per publish interval, and one refused must not skip the rest.
 */
class SendGuardTest {

  private static final String ADDRESS = "test.elsewhere";
  private static final int SENDS = 20;

  @TempDir
  Path dataDir;
  private Vertx sender;
  private Vertx receiver;

  @AfterEach
  void close() throws Exception {
    for (Vertx vertx : new Vertx[] {sender, receiver}) {
      if (vertx != null) {
        Await.await(vertx.close());
      }
    }
  }

  @Test
  void aMessageRefusedOnTheWireIsCountedAndTheSendersNextStatementsStillRun() throws Exception {
    ClusterHarness cluster = new ClusterHarness(2, "postgresql://unused@localhost/unused", dataDir, Map.of());
    sender = Await.await(HazelcastSetup.startVertx(cluster.config(0).cluster()));
    receiver = Await.await(HazelcastSetup.startVertx(cluster.config(1).cluster()));
    Codecs.register(sender);
    Codecs.register(receiver);
    Await.await(receiver.eventBus().consumer(ADDRESS, message -> { }).completion());

    // WHEN an event loop of the sender sends objects of a local codec to the other node, again and again
    Promise<Integer> sent = Promise.promise();
    sender.runOnContext(v -> sendAll(0, sent));

    // THEN every send returned to the sender, and those refused on the spot were counted
    assertThat(Await.await(sent.future())).isEqualTo(SENDS);
    assertThat(Codecs.refusedSends(sender)).isPositive();
  }

  /** Sends one message per timer tick, so that the second finds the receiver's node already resolved. */
  private void sendAll(int done, Promise<Integer> sent) {
    if (done == SENDS) {
      sent.complete(done);
      return;
    }
    try {
      sender.eventBus().send(ADDRESS, new ZoneMinutes("s", List.of()));
    } catch (RuntimeException e) {
      sent.fail(e);
      return;
    }
    sender.setTimer(20, id -> sendAll(done + 1, sent));
  }
}
