package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LongObjectMapTest {

  /**
   * Each operation puts (positive), removes (negative) or looks up (zero, and after every step) keys from a small
   * range, so that probe runs collide, wrap around and are cut by removals; key 0 is a key like any other.
   */
  @Property(tries = 300)
  void answersLikeAHashMapThroughAnyPutsAndRemovals(
      @ForAll @Size(max = 3000) List<@IntRange(min = -200, max = 200) Integer> operations) throws IOException {
    LongObjectMap<String> map = new LongObjectMap<>();
    Map<Long, String> expected = new HashMap<>();
    int step = 0;
    for (int op : operations) {
      long key = Math.abs(op) % 97 * 0x10000L + (op % 3 == 0 ? 0 : 1);
      if (op == 0) {
        key = 0;
      }
      if (op >= 0) {
        String value = "v" + step++;
        assertThat(map.put(key, value)).isEqualTo(expected.put(key, value));
      } else {
        assertThat(map.remove(key)).isEqualTo(expected.remove(key));
      }
      assertThat(map.size()).isEqualTo(expected.size());
      assertThat(map.get(key)).isEqualTo(expected.get(key));
    }
    Map<Long, String> visited = new HashMap<>();
    map.forEach(visited::put);
    assertThat(visited).isEqualTo(expected);
    for (long key : expected.keySet()) {
      assertThat(map.get(key)).isEqualTo(expected.get(key));
    }
  }
}
