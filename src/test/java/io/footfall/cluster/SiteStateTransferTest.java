package io.footfall.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.InvalidSnapshotException;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.VisitListener;
import io.footfall.analytics.ZoneMinute;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What crosses the cluster: sighting batches on the event bus, and a site's engine state through Hazelcast. */
class SiteStateTransferTest {

  private final Site site = SiteLoader.loadResource("sites/demo-mall.yaml");
  private final AnalyticsSettings settings = new AnalyticsSettings(0, 600_000, 600_000, 30_000, 5_000, 1_000,
      -85, -75, 15, 4, 5_000, AnalyticsSettings.DEFAULT_STAY_MARGIN_DB);
  private final SyntheticTraffic traffic = new SyntheticTraffic(site);

  @Test
  void restoredAnalyticsContinueExactlyLikeTheOriginal() {
    SiteAnalytics original = new SiteAnalytics(site, settings);
    List<ZoneMinute> originalRows = new ArrayList<>();
    feed(original, 0, 45, originalRows);

    SiteAnalytics restored = SiteAnalytics.restore(site, settings, VisitListener.NONE, original.snapshot());
    List<ZoneMinute> restoredRows = new ArrayList<>();
    assertThat(restored.devices()).isEqualTo(original.devices()).isGreaterThan(100);
    assertThat(restored.occupancy()).isEqualTo(original.occupancy());

    feed(original, 45, 120, originalRows);
    feed(restored, 45, 120, restoredRows);
    assertThat(restored.occupancy()).isEqualTo(original.occupancy());
    assertThat(restored.watermark()).isEqualTo(original.watermark());
    assertThat(restoredRows).isNotEmpty().isEqualTo(originalRows.subList(originalRows.size() - restoredRows.size(),
        originalRows.size()));
    assertThat(restored.flushOpenMinutes()).isEqualTo(original.flushOpenMinutes());
  }

  @Test
  void refusesTheSnapshotOfAnotherSite() {
    SiteAnalytics analytics = new SiteAnalytics(site, settings);
    byte[] snapshot = analytics.snapshot();
    Site other = new Site("other-mall", site.name(), site.timezone(), site.floors(), site.zones(), site.sensors());

    assertThatThrownBy(() -> SiteAnalytics.restore(other, settings, VisitListener.NONE, snapshot))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("demo-mall");
  }

  @Test
  void batchCodecCarriesEveryColumnAcrossTheWire() {
    SightingBatch batch = traffic.round(7).get(3);
    SightingBatchCodec codec = new SightingBatchCodec();
    Buffer wire = Buffer.buffer().appendString("header");
    codec.encodeToWire(wire, batch);

    SightingBatch decoded = codec.decodeFromWire("header".length(), wire);

    assertThat(decoded.site).isEqualTo(batch.site);
    assertThat(decoded.sensor).isEqualTo(batch.sensor);
    assertThat(decoded.seq).isEqualTo(batch.seq);
    assertThat(decoded.sensorIndex).isEqualTo(batch.sensorIndex);
    assertThat(decoded.receivedAt).isEqualTo(batch.receivedAt);
    assertThat(decoded.size).isEqualTo(batch.size);
    assertThat(decoded.dev).isEqualTo(batch.dev);
    assertThat(decoded.ts).isEqualTo(batch.ts);
    assertThat(decoded.rssi).isEqualTo(batch.rssi);
    assertThat(decoded.sn).isEqualTo(batch.sn);
    assertThat(decoded.fp).isEqualTo(batch.fp);
    assertThat(decoded.flags).isEqualTo(batch.flags);
    assertThat(decoded.count).isEqualTo(batch.count);
    assertThat(wire.length() - "header".length()).isLessThanOrEqualTo(80 + 29 * batch.size);
  }

  @Test
  void batchCodecCarriesRepeatVisitIdsOnlyWhenTheBatchHasAny() {
    SightingBatch plain = traffic.round(7).get(3);
    long[] rid = new long[plain.size];
    rid[0] = 0x1234L;
    SightingBatch withIds = new SightingBatch(plain.site, plain.sensor, plain.seq, plain.size, plain.dev, plain.ts,
        plain.rssi, plain.sn, plain.fp, plain.flags, plain.count, rid, plain.sensorIndex, plain.receivedAt);
    SightingBatchCodec codec = new SightingBatchCodec();
    Buffer withWire = Buffer.buffer();
    codec.encodeToWire(withWire, withIds);
    Buffer plainWire = Buffer.buffer();
    codec.encodeToWire(plainWire, plain);

    assertThat(codec.decodeFromWire(0, withWire).rid).isEqualTo(rid);
    assertThat(codec.decodeFromWire(0, plainWire).rid).isNull();
  }

  @Test
  void rendezvousMovesOnlyTheSitesOfTheMemberThatLeft() {
    List<String> three = List.of("node-a", "node-b", "node-c");
    List<String> two = List.of("node-a", "node-c");
    int moved = 0;
    for (int i = 0; i < 300; i++) {
      String siteId = "site-" + i;
      String before = Rendezvous.owner(siteId, three);
      String after = Rendezvous.owner(siteId, two);
      if (!before.equals("node-b")) {
        assertThat(after).isEqualTo(before);
      } else {
        moved++;
      }
    }
    assertThat(moved).isBetween(70, 130);
  }

  private void feed(SiteAnalytics analytics, int fromRound, int toRound, List<ZoneMinute> rows) {
    for (int round = fromRound; round < toRound; round++) {
      for (SightingBatch batch : traffic.round(round)) {
        analytics.accept(batch);
      }
      rows.addAll(analytics.drainFinishedMinutes());
    }
  }
}
