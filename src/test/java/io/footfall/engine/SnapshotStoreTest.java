package io.footfall.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertRules;
import io.footfall.alerts.AlertsConfig;
import io.footfall.analytics.ZoneMinute;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final ZoneMinute ROW = new ZoneMinute("demo-mall", "store-lumen", 1_732_838_400_000L, 2.5, 3, 1, 0, 3);

  @TempDir
  Path dir;

  @Test
  void keepsTheAlertRulesStateBesideTheAnalyticsAndTheUnconfirmedRows() throws Exception {
    byte[] alerts = new AlertRules(DEMO, AlertsConfig.defaults()).snapshot();
    SnapshotStore store = new SnapshotStore(dir);

    store.save("demo-mall", new SnapshotStore.SiteSnapshot(new byte[] {1, 2, 3}, List.of(ROW), alerts, 7));
    SnapshotStore.SiteSnapshot loaded = store.load("demo-mall").orElseThrow();

    assertThat(loaded.analytics()).containsExactly(1, 2, 3);
    assertThat(loaded.unconfirmed()).containsExactly(ROW);
    assertThat(loaded.alerts()).isEqualTo(alerts);
    new AlertRules(DEMO, AlertsConfig.defaults()).restore(loaded.alerts());
  }

  @Test
  void readsAFileWrittenBeforeAlertStateWasKept() throws Exception {
    // GIVEN the layout of earlier releases: magic, analytics, unconfirmed rows, nothing after
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x46465345);
      out.writeInt(2);
      out.write(new byte[] {7, 8});
      out.writeInt(0);
    }

    SnapshotStore.SiteSnapshot decoded = SnapshotStore.decode(bytes.toByteArray());

    assertThat(decoded.analytics()).containsExactly(7, 8);
    assertThat(decoded.unconfirmed()).isEmpty();
    assertThat(decoded.alerts()).isEmpty();
  }
}
