package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The counts behind the live estimate: keys come and go all day, so removal must leave every other key findable. */
class LongCountsTest {

  @Property(tries = 300)
  void countsAsAMapWouldThroughAnyIncrementsAndDecrements(
      @ForAll @Size(max = 2000) List<@IntRange(min = -40, max = 40) Integer> operations) {
    // few distinct keys, small table: long probe runs, growth and backward shifts are all exercised
    LongCounts counts = new LongCounts(4);
    Map<Long, Integer> expected = new HashMap<>();

    for (int op : operations) {
      long key = Math.abs(op) * 0x1_0000_0001L + 1;
      if (op >= 0) {
        int after = expected.merge(key, 1, Integer::sum);
        assertThat(counts.increment(key)).isEqualTo(after);
      } else {
        Integer before = expected.get(key);
        int after = before == null ? -1 : before - 1;
        if (after == 0) {
          expected.remove(key);
        } else if (after > 0) {
          expected.put(key, after);
        }
        assertThat(counts.decrement(key)).isEqualTo(after);
      }
      assertThat(counts.size()).isEqualTo(expected.size());
    }
    for (Map.Entry<Long, Integer> e : expected.entrySet()) {
      // one more and one less gives the count back without disturbing it
      assertThat(counts.increment(e.getKey())).isEqualTo(e.getValue() + 1);
      assertThat(counts.decrement(e.getKey())).isEqualTo(e.getValue());
    }
  }
}
