package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Linking the randomized MACs of one phone, and counting devices per hour. */
class RandomDevicesTest {

  private static final long HOUR = 3_600_000;
  private static final long T0 = 1_732_838_400_000L;
  private static final long FP_A = 0xA1A1L;
  private static final long FP_B = 0xB2B2L;

  private final DeviceTable table = new DeviceTable(0);
  private final RandomDevices estimator = new RandomDevices(TestSite.site(), table, EstimateSettings.defaults(),
      180_000);
  private final List<DeviceEstimate> rows = new ArrayList<>();

  @Test
  void linksARotationThatKeepsTheFingerprintAndContinuesTheSequenceNumbers() {
    probe(1, FP_A, T0, 100);
    probe(1, FP_A, T0 + 20_000, 104);
    probe(2, FP_A, T0 + 50_000, 112);
    probe(3, FP_A, T0 + 90_000, 120);

    DeviceEstimate site = siteHour();

    assertThat(site.randomMacs()).isEqualTo(3);
    assertThat(site.estimatedDevices()).isEqualTo(1);
    assertThat(site.devices()).isEqualTo(3);
  }

  @Test
  void keepsMacsWithDifferentFingerprintsApart() {
    probe(1, FP_A, T0, 100);
    probe(2, FP_B, T0 + 30_000, 104);

    assertThat(siteHour().estimatedDevices()).isEqualTo(2);
  }

  @Test
  void doesNotLinkAcrossALongSilence() {
    probe(1, FP_A, T0, 100);
    probe(2, FP_A, T0 + 10 * 60_000, 104);

    assertThat(siteHour().estimatedDevices()).isEqualTo(2);
  }

  @Test
  void doesNotLinkWhenTheSequenceNumberJumps() {
    probe(1, FP_A, T0, 100);
    probe(2, FP_A, T0 + 30_000, 2100);

    assertThat(siteHour().estimatedDevices()).isEqualTo(2);
  }

  @Test
  void linksAcrossTheWrapOfTheSequenceNumber() {
    probe(1, FP_A, T0, 4090);
    probe(2, FP_A, T0 + 30_000, 5);

    assertThat(siteHour().estimatedDevices()).isEqualTo(1);
  }

  @Test
  void aMacHeardAgainAfterItsSuccessorAppearedWasNoRotationAndTheSuccessorLinksToItsRealPredecessor() {
    // GIVEN two phones of one model: MAC 1 (last sn 100) and MAC 3 (last sn 95), then a new MAC 2 (sn 104)
    // that continues MAC 1 by the smaller sequence gap
    probe(1, FP_A, T0, 100);
    probe(3, FP_A, T0 + 10_000, 95);
    probe(2, FP_A, T0 + 40_000, 104);
    // WHEN MAC 1 is heard again: it did not rotate away
    probe(1, FP_A, T0 + 70_000, 110);

    // THEN MAC 2 continues MAC 3 instead: two phones, not three
    assertThat(siteHour().estimatedDevices()).isEqualTo(2);
  }

  @Test
  void aMacHeardAgainAfterItsSuccessorAppearedGivesTheSuccessorAChainOfItsOwnWhenNothingElseFits() {
    probe(1, FP_A, T0, 100);
    probe(2, FP_A, T0 + 30_000, 104);
    probe(1, FP_A, T0 + 60_000, 108);

    assertThat(siteHour().estimatedDevices()).isEqualTo(2);
  }

  @Test
  void ofTwoLookalikeCandidatesTheOneWhereTheNewMacAppearedWinsOverASlightlySmallerSequenceGap() {
    // GIVEN two phones of one model: MAC 3 in store C (last sn 101) and MAC 1 in store A (last sn 100), two zones
    // apart through the corridor B
    probeIn(TestSite.C, 3, FP_A, T0, 101);
    probeIn(TestSite.A, 1, FP_A, T0 + 5_000, 100);

    // WHEN a new MAC with sn 104 is placed in A: 4 behind MAC 1 in the same zone, 3 behind MAC 3 two zones away
    long continued = probeIn(TestSite.A, 2, FP_A, T0 + 40_000, 104);

    // THEN it continues MAC 1 (cost 4 against 3 + 2 x 32)
    assertThat(continued).isEqualTo(1);
  }

  @Test
  void neverLinksTwoMacsHeardAtTheSameTimeEvenIfTheyLookAlike() {
    probe(1, FP_A, T0, 100);
    probe(2, FP_A, T0, 101);

    assertThat(siteHour().estimatedDevices()).isEqualTo(2);
  }

  @Test
  void countsGloballyAdministeredDevicesAsThemselves() {
    fixed(0x77, TestSite.A, T0);
    fixed(0x77, TestSite.A, T0 + 1000);
    fixed(0x78, TestSite.B, T0 + 2000);

    DeviceEstimate site = siteHour();

    assertThat(site.devices()).isEqualTo(2);
    assertThat(site.randomMacs()).isZero();
    assertThat(site.estimatedDevices()).isEqualTo(2);
  }

  @Test
  void countsAFixedAddressOncePerZoneAndHourThoughItComesBack() {
    // GIVEN a phone that goes from A to B and back, leaves the site and returns, all within the hour
    fixed(0x77, TestSite.A, T0);
    move(0x77, TestSite.B);
    fixed(0x77, TestSite.B, T0 + 60_000);
    move(0x77, TestSite.A);
    fixed(0x77, TestSite.A, T0 + 120_000);
    depart(0x77);
    fixed(0x77, TestSite.A, T0 + 600_000);
    // WHEN the next hour hears it again in A
    fixed(0x77, TestSite.A, T0 + HOUR + 1000);
    estimator.advanceTo(T0 + 2 * HOUR, rows);

    // THEN each hour counts it once in each zone it was in, and once for the site
    assertThat(hourRow(T0, TestSite.A).devices()).isEqualTo(1);
    assertThat(hourRow(T0, TestSite.B).devices()).isEqualTo(1);
    assertThat(hourRow(T0, -1).devices()).isEqualTo(1);
    assertThat(hourRow(T0 + HOUR, TestSite.A).devices()).isEqualTo(1);
    assertThat(hourRow(T0 + HOUR, -1).devices()).isEqualTo(1);
  }

  @Test
  void theBandHoldsTheEstimateAndTheRawCountLiesAboveIt() {
    // GIVEN a crowd of phones of three models rotating their MACs every few bursts
    SplittableRandom rng = new SplittableRandom(5);
    long nextMac = 1000;
    for (int phone = 0; phone < 60; phone++) {
      long fp = 0xF0 + rng.nextInt(3);
      int sn = rng.nextInt(4096);
      long t = T0 + rng.nextInt(600_000);
      long mac = nextMac++;
      for (int burst = 0; burst < 40 && t < T0 + HOUR; burst++) {
        if (rng.nextInt(3) == 0) {
          mac = nextMac++;
        }
        sn = (sn + 1 + rng.nextInt(30)) & 0xfff;
        probe(mac, fp, t, sn);
        t += 15_000 + rng.nextInt(100_000);
      }
    }

    DeviceEstimate site = siteHour();

    assertThat(site.low()).isLessThanOrEqualTo(site.estimatedDevices());
    assertThat(site.high()).isGreaterThanOrEqualTo(site.estimatedDevices());
    assertThat(site.estimatedDevices()).isBetween(48, 72);
    assertThat(site.randomMacs()).isGreaterThan(3 * 60);
  }

  /** A probe in zone A; a new MAC's first probe is its first burst, placed at once. */
  private void probe(long mac, long fp, long ts, int sn) {
    probeIn(TestSite.A, mac, fp, ts, sn);
  }

  /** @return for a new MAC, the MAC it continues at the nominal level (0 for none); else 0 */
  private long probeIn(int zone, long mac, long fp, long ts, int sn) {
    int slot = table.find(mac);
    if (slot >= 0) {
      estimator.observe(ts, slot, sn, fp, true, rows);
      return 0;
    }
    slot = table.insert(mac);
    table.zone[slot] = (short) zone;
    table.flags[slot] = DeviceTable.FLAG_RANDOM | DeviceTable.FLAG_ARRIVING;
    estimator.present(slot);
    estimator.observe(ts, slot, sn, fp, true, rows);
    table.flags[slot] = DeviceTable.FLAG_RANDOM;
    long previous = estimator.link(slot);
    estimator.arrived(slot);
    return previous;
  }

  private void fixed(long device, int zone, long ts) {
    estimator.observe(ts, place(device, zone), 0, FP_A, false, rows);
  }

  /** The device's slot in the table, added in the zone if absent. */
  private int place(long device, int zone) {
    int slot = table.find(device);
    if (slot < 0) {
      slot = table.insert(device);
      table.zone[slot] = (short) zone;
      estimator.present(slot);
    }
    return slot;
  }

  private void move(long device, int zone) {
    int slot = table.find(device);
    estimator.leaves(slot, false);
    estimator.absent(slot);
    table.zone[slot] = (short) zone;
    estimator.present(slot);
  }

  private void depart(long device) {
    int slot = table.find(device);
    estimator.leaves(slot, true);
    estimator.absent(slot);
    table.removeAt(slot);
  }

  /** The hourly row of a zone index, or of the site for -1. */
  private DeviceEstimate hourRow(long hourStart, int zone) {
    String id = zone < 0 ? DeviceEstimate.SITE : TestSite.site().zones().get(zone).id();
    return rows.stream()
        .filter(r -> r.resolutionSec() == DeviceEstimate.HOUR && r.start() == hourStart && r.zone().equals(id))
        .findFirst().orElseThrow();
  }

  private DeviceEstimate siteHour() {
    estimator.advanceTo(T0 + HOUR, rows);
    return rows.stream()
        .filter(r -> r.resolutionSec() == DeviceEstimate.HOUR && r.zone().equals(DeviceEstimate.SITE))
        .findFirst().orElseThrow();
  }
}
