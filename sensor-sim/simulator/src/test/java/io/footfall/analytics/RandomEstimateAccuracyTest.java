package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The randomized-MAC estimate against the simulator's ground truth: the first 40 minutes of a warm noon hour of the demo mall, fed through
 * the wire codec into the analytics. The truth for the site is the number of distinct randomizing phones that some
 * sensor heard at or above the RSSI floor (phones nobody heard cannot be estimated).
 */
class RandomEstimateAccuracyTest {

  private static final Logger LOG = LoggerFactory.getLogger(RandomEstimateAccuracyTest.class);
  private static final Site SITE = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final Instant NOON = Instant.parse("2025-03-04T12:00:00Z");

  @TempDir
  Path truth;

  @ParameterizedTest
  @ValueSource(longs = {7, 23})
  void estimatesTheRandomizingPhonesOfTheSitePerHourWithinFifteenPercent(long seed) {
    SimulatedEstimates run = SimulatedEstimates.run(SITE, truth, seed, NOON, Duration.ofMinutes(40), 4000);

    List<SimulatedEstimates.Hour> site = run.siteHours();

    assertThat(site).hasSize(1);
    SimulatedEstimates.Hour hour = site.get(0);
    LOG.info("random-device estimate [seed: {}, estimate: {}, band: {}-{}, macs: {}, truePhones: {}]", seed,
        hour.estimate(), hour.low(), hour.high(), hour.macs(), hour.truePhones());
    for (SimulatedEstimates.Hour zone : run.hours()) {
      LOG.info("random-device estimate per zone [seed: {}, zone: {}, estimate: {}, band: {}-{}, truePhones: {}]",
          seed, zone.zone(), zone.estimate(), zone.low(), zone.high(), zone.truePhones());
    }
    assertThat(hour.macs()).as("the raw count would be far off").isGreaterThan(5 * hour.truePhones());
    assertThat((double) hour.estimate()).isCloseTo(hour.truePhones(), within(0.15 * hour.truePhones()));
    assertThat(hour.truePhones()).as("the band holds the truth").isBetween(hour.low(), hour.high());
  }
}
