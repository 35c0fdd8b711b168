package io.footfall.analytics;

import static io.footfall.analytics.TestSite.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceTableTest {

  @Test
  void growsAndDeletesWithoutLosingAnyDevice() {
    DeviceTable table = new DeviceTable(0);
    Random random = new Random(11);
    long[] keys = new long[200_000];
    Set<Long> distinct = new HashSet<>();
    for (int i = 0; i < keys.length; i++) {
      long key;
      do {
        key = random.nextLong();
      } while (key == 0 || !distinct.add(key));
      keys[i] = key;
      int slot = table.insert(key);
      table.lastSeen[slot] = i;
    }

    assertThat(table.size()).isEqualTo(keys.length);
    for (int i = 0; i < keys.length; i++) {
      assertThat(table.lastSeen[table.find(keys[i])]).isEqualTo(i);
    }

    for (int i = 0; i < keys.length; i += 2) {
      table.removeAt(table.find(keys[i]));
    }

    assertThat(table.size()).isEqualTo(keys.length / 2);
    for (int i = 0; i < keys.length; i++) {
      int slot = table.find(keys[i]);
      if (i % 2 == 0) {
        assertThat(slot).isEqualTo(-1);
      } else {
        assertThat(table.lastSeen[slot]).isEqualTo(i);
      }
    }
  }

  @Test
  void aRekeyedDeviceKeepsItsStateUnderTheNewKeyOnly() {
    DeviceTable table = new DeviceTable(0);
    for (long key = 1; key <= 5_000; key++) {
      int slot = table.insert(key);
      table.lastSeen[slot] = (int) key;
      table.zone[slot] = (short) (key % 7);
    }

    for (long key = 1; key <= 5_000; key += 3) {
      table.rekey(table.find(key), key + 1_000_000);
    }

    assertThat(table.size()).isEqualTo(5_000);
    for (long key = 1; key <= 5_000; key++) {
      boolean moved = key % 3 == 1;
      assertThat(table.find(key) < 0).isEqualTo(moved);
      int slot = table.find(moved ? key + 1_000_000 : key);
      assertThat(table.lastSeen[slot]).isEqualTo((int) key);
      assertThat(table.zone[slot]).isEqualTo((short) (key % 7));
    }
  }

  @Test
  void sequentialKeysSpreadOverTheTable() {
    DeviceTable table = new DeviceTable(0);
    for (long key = 1; key <= 100_000; key++) {
      table.insert(key);
    }
    for (long key = 1; key <= 100_000; key += 3) {
      table.removeAt(table.find(key));
    }

    for (long key = 1; key <= 100_000; key++) {
      assertThat(table.find(key) >= 0).isEqualTo((key - 1) % 3 != 0);
    }
  }

  @Test
  void rebasingKeepsRecentTimesAndClampsAncientOnes() {
    DeviceTable table = new DeviceTable(0);
    table.baseAt(T0);
    int slot = table.insert(5);
    table.lastSeen[slot] = table.relMs(T0 + 2_000_000_000L);
    // a burst that began long before an earlier rebase
    table.burstAt[slot] = -1_000_000_000;

    table.rebase(T0 + 1_900_000_000L);

    assertThat(table.epochMs(table.lastSeen[slot])).isEqualTo(T0 + 2_000_000_000L);
    assertThat(table.burstAt[slot]).isEqualTo(Integer.MIN_VALUE + 1);
  }

  @Test
  void twoHundredThousandDevicesArriveAndExpireLeavingAnEmptyConsistentTable() {
    SiteAnalytics analytics = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults());
    int devices = 200_000;
    for (int first = 0; first < devices; first += 5_000) {
      TestSite.Batch batch = new TestSite.Batch(first / 5_000 % 4);
      for (int d = first; d < first + 5_000; d++) {
        batch.add(0x1000_0000L + d * 7919L, first / 10, -60);
      }
      analytics.accept(batch.build());
    }
    for (int s = 0; s < 4; s++) {
      analytics.accept(new TestSite.Batch(s).add(1, 30_000, -120).build());
    }

    assertThat(analytics.devices()).isEqualTo(devices);
    assertThat(analytics.bytesPerDevice()).isLessThanOrEqualTo(128);

    analytics.tick(0);
    analytics.tick(600_000);

    assertThat(analytics.devices()).isZero();
    assertThat(analytics.occupancy()).containsOnly(0);
    assertThat(analytics.counters().expired()).isEqualTo(devices);
    assertThat(analytics.drainFinishedMinutes()).filteredOn(r -> r.minute() == T0)
        .extracting(ZoneMinute::entries).containsExactlyInAnyOrder(100_000, 50_000, 50_000);
  }
}
