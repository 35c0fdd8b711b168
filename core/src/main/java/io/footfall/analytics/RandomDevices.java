package io.footfall.analytics;

import io.footfall.site.Site;
import io.footfall.site.WalkGraph;
import io.footfall.wire.SightingBatch;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Estimates the physical devices behind randomized (locally administered) MACs. Phones take a new random MAC
 * every few probe bursts but keep the fingerprint of their probes, continue their 802.11 sequence numbers, and
 * probe again soon after the old MAC went quiet. So each new random MAC is linked to an ended one (a "chain
 * tail": linked to no successor yet) with the same fingerprint that was last heard shortly before, whose last
 * sequence number is a little behind the new MAC's first; of several such MACs the one with the smallest sequence
 * gap plus a cost per zone between the two wins ({@link EstimateSettings#zoneStepSn}).
 * Chains are the estimated devices. Linking runs three times with the thresholds of {@link EstimateSettings}, so
 * the estimate comes with a band: loose linking gives the low end, strict linking the high end. A MAC is linked
 * once its first burst is placed ({@link #link}), and only to MACs already placed. {@link SiteAnalytics} follows
 * the device across the nominal links: the new MAC takes over the old one's place in the table.
 *
 * <p>A MAC heard again after its successor appeared did not rotate away: two phones of one model, the commonest
 * wrong link at busy hours. The link is undone: the successor is linked again, to the best other candidate, or
 * starts a chain of its own, and the MAC can be continued again. On the full simulated day this took the site's
 * hourly estimate from 19 % under the true phones to within 2 % (docs/accuracy.md).
 *
 * <p>Fed in event-time order by {@link SiteAnalytics} with every accepted sighting, as its device's slot in the
 * {@link DeviceTable}. Counts the distinct devices heard per zone and site in each UTC hour, and keeps the devices
 * present per zone and site up to date as {@link SiteAnalytics} tells it of each arrival, move, link and departure
 * ({@link #present}, {@link #absent}), so that a snapshot of them costs the number of zones, not of devices: a scan
 * of a few hundred thousand present devices every few seconds stalled the thread that takes the sightings. A device
 * with a fixed address is marked in the table once counted in its zone and the site; only when it moves on or leaves within the hour does its key go into the hour's set, so the
 * hourly counts cost nothing per present device. A MAC not heard for the retention (the loose gap or the absence
 * timeout, whichever is longer) is forgotten in a periodic compaction; nothing is allocated per sighting.
 *
 * <p>Limits: a wrong link whose old MAC is never heard again stays; the hours already counted keep what was
 * counted; sightings without a sequence number are never linked.
 */
final class RandomDevices {

  static final int STRICT = 0;
  static final int NOMINAL = 1;
  static final int LOOSE = 2;
  private static final int LEVELS = 3;
  /** The level whose links {@link SiteAnalytics} follows a device across its MACs at. */
  static final int FOLLOW = NOMINAL;
  /** Bit of {@link #linked}: the MAC's first burst was placed, so it can be continued. */
  private static final byte PLACED = 1 << LEVELS;
  private static final byte ALL_LEVELS = (1 << LEVELS) - 1;
  /** Kinds of keys in the hourly set, beside the three link levels. */
  private static final int RAW_MAC = 3;
  private static final int STATIC = 4;
  private static final long HOUR_MS = 3_600_000;
  private static final long COMPACT_EVERY_MS = 60_000;
  private static final long ID_MASK = (1L << 44) - 1;
  /** Steps counted for zones further apart (a phone does not cross the mall between two bursts). */
  private static final int FAR = 8;

  private final Site site;
  private final DeviceTable table;
  private final EstimateSettings settings;
  private final long retentionMs;
  private final int scopes;
  /** Zone changes on a shortest walk between two zones, capped at {@link #FAR}. */
  private final int[][] steps;

  // one record per random MAC, in order of first sighting
  private int records;
  private long[] dev = new long[1024];
  private long[] fp = new long[1024];
  private long[] firstTs = new long[1024];
  private long[] lastTs = new long[1024];
  private int[] firstSn = new int[1024];
  private int[] lastSn = new int[1024];
  private long[] macId = new long[1024];
  private long[] chain = new long[1024 * LEVELS];
  /** Per level: the MAC that continues this one, if {@link #linked}. */
  private long[] nextDev = new long[1024 * LEVELS];
  /** Bit per level: the record already has a successor at that level. */
  private byte[] linked = new byte[1024];
  private int[] nextSameFp = new int[1024];
  private long[] countedHour = new long[1024];
  private int[] countedZone = new int[1024];
  private final LongIntMap byDev = new LongIntMap(1024);
  private final LongIntMap fpHead = new LongIntMap(256);
  private long nextChain = 1;
  private long nextMac = 1;
  private long compactedAt = Long.MIN_VALUE;

  private long hour = Long.MIN_VALUE;
  /** Random MACs and chains heard this hour; fixed-address devices counted this hour that moved on or left. */
  private final LongSet heardThisHour = new LongSet(4096);
  /**
   * Per link level, scope and chain: the present MACs of that chain there. A chain is one estimated device however
   * many of its MACs are present, so it counts in {@link #presentTally} while its count is above zero.
   */
  private final LongCounts presentChains = new LongCounts(1024);
  /** Devices whose record a compaction forgot while they were present, to count again without it. */
  private long[] orphans = new long[16];
  /** Per kind and scope: the distinct ids heard this hour. */
  private final int[][] hourTally;
  /** Per kind and scope: the devices present now, kept as they arrive, move, are linked and leave. */
  private final int[][] presentTally;

  RandomDevices(Site site, DeviceTable table, EstimateSettings settings, long absenceTimeoutMs) {
    this.site = site;
    this.table = table;
    this.settings = settings;
    this.retentionMs = Math.max(settings.looseGapMs(), absenceTimeoutMs);
    this.scopes = site.zones().size() + 1;
    this.hourTally = new int[STATIC + 1][scopes];
    this.presentTally = new int[STATIC + 1][scopes];
    WalkGraph walks = new WalkGraph(site);
    int zones = site.zones().size();
    this.steps = new int[zones][zones];
    for (int a = 0; a < zones; a++) {
      for (int b = 0; b < zones; b++) {
        steps[a][b] = Math.min(walks.steps(a, b), FAR);
      }
    }
  }

  /**
   * Takes one sighting, in event-time order, of the device in a table slot. Appends the rows of an hour that this
   * sighting closes.
   */
  void observe(long ts, int slot, int sn, long fingerprint, boolean random, List<DeviceEstimate> out) {
    advanceTo(ts, out);
    long device = table.keys[slot];
    boolean placed = (table.flags[slot] & DeviceTable.FLAG_ARRIVING) == 0;
    if (!random) {
      if (placed) {
        countFixed(slot, device, table.zone[slot]);
      }
      return;
    }
    int r = byDev.get(device);
    if (r == LongIntMap.MISSING) {
      absent(slot);
      r = create(ts, device, sn, fingerprint);
      present(slot);
    } else {
      lastTs[r] = ts;
      lastSn[r] = sn;
      if ((linked[r] & ALL_LEVELS) != 0) {
        unlink(r);
      }
    }
    if (placed) {
      countRecord(r, table.zone[slot]);
    }
  }

  /**
   * The device in a slot was placed in its first zone: the sightings of its first burst count there, not in the
   * zone of whichever sensor heard it first.
   */
  void arrived(int slot) {
    long device = table.keys[slot];
    if ((table.flags[slot] & DeviceTable.FLAG_RANDOM) == 0) {
      countFixed(slot, device, table.zone[slot]);
      return;
    }
    int r = byDev.get(device);
    if (r != LongIntMap.MISSING) {
      countRecord(r, table.zone[slot]);
    }
  }

  private void countRecord(int r, int zone) {
    if (countedHour[r] != hour || countedZone[r] != zone) {
      countedHour[r] = hour;
      countedZone[r] = zone;
      countHeard(RAW_MAC, zone, macId[r]);
      for (int level = 0; level < LEVELS; level++) {
        countHeard(level, zone, chain[r * LEVELS + level]);
      }
    }
  }

  /** Moves event time on: closes the hours before {@code ts} and compacts the records when due. */
  void advanceTo(long ts, List<DeviceEstimate> out) {
    long h = Math.floorDiv(ts, HOUR_MS) * HOUR_MS;
    if (h != hour) {
      if (hour != Long.MIN_VALUE && h > hour) {
        closeHour(out);
      }
      hour = h;
    }
    if (ts - compactedAt >= COMPACT_EVERY_MS) {
      compact(ts);
      compactedAt = ts;
    }
  }

  /** Appends one row per zone and one for the site: the devices present now. */
  void snapshot(long at, List<DeviceEstimate> out) {
    emit(presentTally, at, DeviceEstimate.MINUTE, true, out);
  }

  /** The device in a table slot is present where the table says: it arrived, moved, or was renamed. */
  void present(int slot) {
    count(slot, 1);
  }

  /**
   * The device in a table slot is about to leave, move to another zone, change its address or its random flag:
   * takes it out of the present tallies, to be put back with {@link #present} if it stays.
   */
  void absent(int slot) {
    count(slot, -1);
  }

  private void count(int slot, int delta) {
    int zone = table.zone[slot];
    int siteScope = scopes - 1;
    int[][] tally = presentTally;
    tally[STATIC][zone] += delta;
    tally[STATIC][siteScope] += delta;
    if ((table.flags[slot] & DeviceTable.FLAG_RANDOM) == 0) {
      return;
    }
    tally[RAW_MAC][zone] += delta;
    tally[RAW_MAC][siteScope] += delta;
    int r = byDev.get(table.keys[slot]);
    if (r == LongIntMap.MISSING) {
      // a MAC without a record is a device of its own at every level
      for (int level = 0; level < LEVELS; level++) {
        tally[level][zone] += delta;
        tally[level][siteScope] += delta;
      }
    } else {
      countChains(slot, r, delta);
    }
  }

  /** Counts (or stops counting) the chains of record {@code r}, of the present device in a slot, in its scopes. */
  private void countChains(int slot, int r, int delta) {
    if ((table.flags[slot] & DeviceTable.FLAG_RANDOM) == 0) {
      return;
    }
    int zone = table.zone[slot];
    for (int level = 0; level < LEVELS; level++) {
      long c = chain[r * LEVELS + level];
      countChain(level, zone, c, delta);
      countChain(level, scopes - 1, c, delta);
    }
  }

  private void countChain(int level, int scope, long c, int delta) {
    long k = key(level, scope, c);
    if (delta > 0 ? presentChains.increment(k) == 1 : presentChains.decrement(k) == 0) {
      presentTally[level][scope] += delta;
    }
  }

  /** Counts every device of the table afresh: after a restore, whose snapshot holds no tallies. */
  private void recount() {
    for (int[] row : presentTally) {
      Arrays.fill(row, 0);
    }
    presentChains.clear();
    for (int i = 0; i < table.capacity(); i++) {
      if (table.keys[i] != 0) {
        present(i);
      }
    }
  }

  /** Bytes held by the records and the sets. */
  long approxBytes() {
    return dev.length * (8L * 6 + 4 * 4 + 1 + 16L * LEVELS) + byDev.approxBytes() + fpHead.approxBytes()
        + heardThisHour.slots().length * 8L + presentChains.approxBytes();
  }

  private int create(long ts, long device, int sn, long fingerprint) {
    if (records == dev.length) {
      grow();
    }
    int r = records++;
    dev[r] = device;
    fp[r] = fingerprint;
    firstTs[r] = ts;
    firstSn[r] = sn;
    lastTs[r] = ts;
    lastSn[r] = sn;
    macId[r] = nextMac++;
    linked[r] = 0;
    countedHour[r] = Long.MIN_VALUE;
    for (int level = 0; level < LEVELS; level++) {
      chain[r * LEVELS + level] = nextChain++;
    }
    nextSameFp[r] = fpHead.get(fingerprintKey(fingerprint));
    fpHead.put(fingerprintKey(fingerprint), r);
    byDev.put(device, r);
    return r;
  }

  /**
   * Links the MAC of a device whose first burst was just placed, in {@code table.zone[slot]}, to the chain it
   * continues at each level. Deciding the first burst first tells where the MAC began, which is compared with the
   * zones the candidates' devices are in.
   *
   * @return the MAC it continues at the level devices are followed at ({@link #FOLLOW}), or 0
   */
  long link(int slot) {
    int r = byDev.get(table.keys[slot]);
    if (r == LongIntMap.MISSING || (linked[r] & PLACED) != 0) {
      // a MAC heard again after another took its place arrives again, and keeps its links
      return 0;
    }
    long previous = 0;
    countChains(slot, r, -1);
    for (int level = 0; level < LEVELS; level++) {
      int best = predecessor(level, r, table.zone[slot]);
      if (best >= 0) {
        linked[best] |= (byte) (1 << level);
        nextDev[best * LEVELS + level] = dev[r];
        chain[r * LEVELS + level] = chain[best * LEVELS + level];
        if (level == FOLLOW) {
          previous = dev[best];
        }
      }
    }
    countChains(slot, r, 1);
    linked[r] |= PLACED;
    return previous;
  }

  /**
   * A MAC heard again after another continued it was not rotated away: two phones of one model. Its successors
   * (at each level it had one) start a chain of their own from now on, and it can be continued again.
   */
  private void unlink(int r) {
    for (int level = 0; level < LEVELS; level++) {
      int bit = 1 << level;
      if ((linked[r] & bit) == 0) {
        continue;
      }
      linked[r] &= (byte) ~bit;
      long wrong = chain[r * LEVELS + level];
      int first = byDev.get(nextDev[r * LEVELS + level]);
      if (first == LongIntMap.MISSING) {
        continue;
      }
      int fs = table.find(dev[first]);
      int other = predecessor(level, first, fs < 0 ? -1 : table.zone[fs]);
      if (other >= 0) {
        linked[other] |= (byte) bit;
        nextDev[other * LEVELS + level] = dev[first];
      }
      long fresh = other >= 0 ? chain[other * LEVELS + level] : nextChain++;
      for (int s = first; s != LongIntMap.MISSING && chain[s * LEVELS + level] == wrong; ) {
        int present = table.find(dev[s]);
        if (present >= 0) {
          countChains(present, s, -1);
        }
        chain[s * LEVELS + level] = fresh;
        if (present >= 0) {
          countChains(present, s, 1);
        }
        if (countedHour[s] == hour) {
          countHeard(level, countedZone[s], fresh);
        }
        s = (linked[s] & bit) == 0 ? LongIntMap.MISSING : byDev.get(nextDev[s * LEVELS + level]);
      }
    }
  }

  /**
   * The record a new MAC continues at one level, or -1: the lowest cost, sequence gap plus
   * {@link EstimateSettings#zoneStepSn} per zone between the candidate's device (still present: the gap is within
   * the absence timeout) and {@code zone}, where the new MAC was placed (-1: not known, counted as one zone).
   */
  private int predecessor(int level, int r, int zone) {
    long ts = firstTs[r];
    int sn = firstSn[r];
    long fingerprint = fp[r];
    if (sn == SightingBatch.NO_SN) {
      return -1;
    }
    long maxGap = settings.gap(level);
    int maxSn = settings.sn(level);
    int bit = 1 << level;
    int best = -1;
    int bestCost = Integer.MAX_VALUE;
    long bestGap = Long.MAX_VALUE;
    for (int c = fpHead.get(fingerprintKey(fingerprint)); c >= 0; c = nextSameFp[c]) {
      long gap = ts - lastTs[c];
      if ((linked[c] & (bit | PLACED)) != PLACED || gap <= 0 || gap > maxGap || lastSn[c] == SightingBatch.NO_SN) {
        continue;
      }
      int snGap = (sn - lastSn[c]) & 0xfff;
      if (snGap == 0 || snGap > maxSn) {
        continue;
      }
      int cs = table.find(dev[c]);
      int cost = snGap + settings.zoneStepSn() * (zone < 0 || cs < 0 ? 1 : steps[table.zone[cs]][zone]);
      if (cost < bestCost || cost == bestCost && gap < bestGap) {
        best = c;
        bestCost = cost;
        bestGap = gap;
      }
    }
    return best;
  }

  /**
   * The device in a slot leaves its zone ({@code departs}: and the site). If it was counted there this hour, its
   * key keeps it from being counted again should it come back before the hour is out.
   */
  void leaves(int slot, boolean departs) {
    byte flags = table.flags[slot];
    if ((flags & (DeviceTable.FLAG_HEARD_ZONE | DeviceTable.FLAG_HEARD_SITE)) == 0) {
      return;
    }
    long id = mix(table.keys[slot]) & ID_MASK;
    if ((flags & DeviceTable.FLAG_HEARD_ZONE) != 0) {
      heardThisHour.add(key(STATIC, table.zone[slot], id));
    }
    if (departs && (flags & DeviceTable.FLAG_HEARD_SITE) != 0) {
      heardThisHour.add(key(STATIC, scopes - 1, id));
    }
    table.flags[slot] &= (byte) ~(DeviceTable.FLAG_HEARD_ZONE | (departs ? DeviceTable.FLAG_HEARD_SITE : 0));
  }

  private void countFixed(int slot, long device, int zone) {
    byte flags = table.flags[slot];
    if ((flags & DeviceTable.FLAG_HEARD_ZONE) == 0) {
      if (!heardThisHour.contains(key(STATIC, zone, mix(device) & ID_MASK))) {
        hourTally[STATIC][zone]++;
      }
      flags |= DeviceTable.FLAG_HEARD_ZONE;
    }
    if ((flags & DeviceTable.FLAG_HEARD_SITE) == 0) {
      if (!heardThisHour.contains(key(STATIC, scopes - 1, mix(device) & ID_MASK))) {
        hourTally[STATIC][scopes - 1]++;
      }
      flags |= DeviceTable.FLAG_HEARD_SITE;
    }
    table.flags[slot] = flags;
  }

  private void countHeard(int kind, int zone, long id) {
    if (heardThisHour.add(key(kind, zone, id))) {
      hourTally[kind][zone]++;
    }
    if (heardThisHour.add(key(kind, scopes - 1, id))) {
      hourTally[kind][scopes - 1]++;
    }
  }

  private void closeHour(List<DeviceEstimate> out) {
    emit(hourTally, hour, DeviceEstimate.HOUR, false, out);
    heardThisHour.clear();
    byte[] flags = table.flags;
    for (int i = 0; i < flags.length; i++) {
      flags[i] &= (byte) ~(DeviceTable.FLAG_HEARD_ZONE | DeviceTable.FLAG_HEARD_SITE);
    }
    for (int[] row : hourTally) {
      Arrays.fill(row, 0);
    }
  }

  /**
   * One row per scope from the tallies. In a snapshot the STATIC tally counts every present device; in an hour
   * only the globally administered ones heard, so the random MACs are added to make the raw count.
   */
  private void emit(int[][] tally, long start, int resolution, boolean staticIsAll, List<DeviceEstimate> out) {
    for (int s = 0; s < scopes; s++) {
      int macs = tally[RAW_MAC][s];
      int all = staticIsAll ? tally[STATIC][s] : tally[STATIC][s] + macs;
      int fixed = all - macs;
      if (all == 0 && !staticIsAll) {
        continue;
      }
      int estimate = fixed + tally[NOMINAL][s];
      int low = Math.min(estimate, fixed + tally[LOOSE][s]);
      int high = Math.max(estimate, fixed + tally[STRICT][s]);
      String zone = s == scopes - 1 ? DeviceEstimate.SITE : site.zones().get(s).id();
      out.add(new DeviceEstimate(site.id(), zone, start, resolution, all, macs, estimate, low, high));
    }
  }

  /** Forgets the MACs not heard within the retention, keeping the order, and rebuilds both indexes. */
  private void compact(long now) {
    long keepAfter = now - retentionMs;
    int orphaned = 0;
    for (int r = 0; r < records; r++) {
      int present = lastTs[r] < keepAfter ? table.find(dev[r]) : -1;
      if (present >= 0) {
        // present but silent past the retention: not swept yet, it is counted as a MAC without a record from now
        absent(present);
        if (orphaned == orphans.length) {
          orphans = Arrays.copyOf(orphans, orphaned * 2);
        }
        orphans[orphaned++] = dev[r];
      }
    }
    int kept = 0;
    for (int r = 0; r < records; r++) {
      if (lastTs[r] < keepAfter) {
        continue;
      }
      if (kept != r) {
        dev[kept] = dev[r];
        fp[kept] = fp[r];
        firstTs[kept] = firstTs[r];
        firstSn[kept] = firstSn[r];
        lastTs[kept] = lastTs[r];
        lastSn[kept] = lastSn[r];
        macId[kept] = macId[r];
        System.arraycopy(chain, r * LEVELS, chain, kept * LEVELS, LEVELS);
        System.arraycopy(nextDev, r * LEVELS, nextDev, kept * LEVELS, LEVELS);
        linked[kept] = linked[r];
        countedHour[kept] = countedHour[r];
        countedZone[kept] = countedZone[r];
      }
      kept++;
    }
    records = kept;
    reindex();
    for (int i = 0; i < orphaned; i++) {
      present(table.find(orphans[i]));
    }
  }

  private void reindex() {
    byDev.clear();
    fpHead.clear();
    for (int r = 0; r < records; r++) {
      byDev.put(dev[r], r);
      nextSameFp[r] = fpHead.get(fingerprintKey(fp[r]));
      fpHead.put(fingerprintKey(fp[r]), r);
    }
  }

  /** The records and the open hour's counts, for a snapshot of the site ({@link Snapshots}). */
  void writeTo(DataOutput out) throws IOException {
    out.writeLong(nextChain);
    out.writeLong(nextMac);
    out.writeLong(compactedAt);
    out.writeLong(hour);
    for (int[] row : hourTally) {
      for (int count : row) {
        out.writeInt(count);
      }
    }
    out.writeInt(heardThisHour.size());
    for (long key : heardThisHour.slots()) {
      if (key != 0) {
        out.writeLong(key);
      }
    }
    out.writeInt(records);
    for (int r = 0; r < records; r++) {
      out.writeLong(dev[r]);
      out.writeLong(fp[r]);
      out.writeLong(firstTs[r]);
      out.writeLong(lastTs[r]);
      out.writeShort(firstSn[r]);
      out.writeShort(lastSn[r]);
      out.writeLong(macId[r]);
      for (int i = r * LEVELS; i < (r + 1) * LEVELS; i++) {
        out.writeLong(chain[i]);
        out.writeLong(nextDev[i]);
      }
      out.writeByte(linked[r]);
      out.writeLong(countedHour[r]);
      out.writeShort(countedZone[r]);
    }
  }

  /** Reads what {@link #writeTo} wrote into this empty estimator. */
  void readFrom(DataInput in) throws IOException {
    nextChain = in.readLong();
    nextMac = in.readLong();
    compactedAt = in.readLong();
    hour = in.readLong();
    for (int[] row : hourTally) {
      for (int s = 0; s < row.length; s++) {
        row[s] = in.readInt();
      }
    }
    int heard = in.readInt();
    if (heard < 0) {
      throw new IOException("negative count of devices heard this hour");
    }
    for (int i = 0; i < heard; i++) {
      heardThisHour.add(in.readLong());
    }
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative count of randomized MACs");
    }
    for (int r = 0; r < n; r++) {
      if (records == dev.length) {
        grow();
      }
      dev[r] = in.readLong();
      fp[r] = in.readLong();
      firstTs[r] = in.readLong();
      lastTs[r] = in.readLong();
      firstSn[r] = in.readShort();
      lastSn[r] = in.readShort();
      macId[r] = in.readLong();
      for (int i = r * LEVELS; i < (r + 1) * LEVELS; i++) {
        chain[i] = in.readLong();
        nextDev[i] = in.readLong();
      }
      linked[r] = in.readByte();
      countedHour[r] = in.readLong();
      countedZone[r] = in.readShort();
      if (countedZone[r] < 0 || countedZone[r] >= scopes) {
        throw new IOException("randomized MAC counted in a zone outside the site");
      }
      records++;
    }
    reindex();
    recount();
  }

  private void grow() {
    int n = dev.length * 2;
    dev = Arrays.copyOf(dev, n);
    fp = Arrays.copyOf(fp, n);
    firstTs = Arrays.copyOf(firstTs, n);
    firstSn = Arrays.copyOf(firstSn, n);
    lastTs = Arrays.copyOf(lastTs, n);
    lastSn = Arrays.copyOf(lastSn, n);
    macId = Arrays.copyOf(macId, n);
    chain = Arrays.copyOf(chain, n * LEVELS);
    nextDev = Arrays.copyOf(nextDev, n * LEVELS);
    linked = Arrays.copyOf(linked, n);
    nextSameFp = Arrays.copyOf(nextSameFp, n);
    countedHour = Arrays.copyOf(countedHour, n);
    countedZone = Arrays.copyOf(countedZone, n);
  }

  /** Sightings without a fingerprint form one group of their own; the map reserves zero. */
  private static long fingerprintKey(long fingerprint) {
    return fingerprint == SightingBatch.NO_FP ? 0x5EED_F00D_5EED_F00DL : fingerprint;
  }

  private static long key(int kind, int scope, long id) {
    return ((long) (kind + 1) << 60) | ((long) scope << 44) | (id & ID_MASK);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
