package io.footfall.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k-anonymity for counts whose totals are published or can be worked out elsewhere (a store's dwell buckets add up
 * to its visits; a flow matrix's rows and columns to the zones' entries and exits). A count of fewer than k (but
 * more than zero) is hidden; while the hidden counts of a group add up to fewer than k, or a group holds only one
 * hidden count, the smallest shown non-zero count of the group is hidden too, so that no hidden count can be worked
 * out from the group's total and its shown counts; and
 * when a whole group adds up to fewer than k, every count of it is hidden, zeros too, since the zeros would point
 * at the few that are not. In a table, rows and columns are groups, and the rule is applied to both until nothing
 * changes (hiding a cell for its row may leave its column short).
 */
final class Suppression {

  private final long[] counts;
  private final boolean[] hidden;
  private final int k;

  /** One group: the counts of a distribution with a known total. */
  Suppression(int k, long... counts) {
    this.counts = counts.clone();
    this.hidden = new boolean[counts.length];
    this.k = k;
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      all.add(i);
    }
    hideIn(all);
  }

  /** A table of cells, each in one row and one column, whose row and column totals may be known. */
  Suppression(int k, long[] counts, List<String> rows, List<String> columns) {
    this.counts = counts.clone();
    this.hidden = new boolean[counts.length];
    this.k = k;
    List<List<Integer>> groups = new ArrayList<>(groups(rows).values());
    groups.addAll(groups(columns).values());
    // every small count first, so that each group's complement is chosen knowing all its hidden counts
    for (int i = 0; i < counts.length; i++) {
      hidden[i] = counts[i] > 0 && counts[i] < k;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (List<Integer> group : groups) {
        changed |= hideIn(group);
      }
    }
  }

  boolean hidden(int i) {
    return hidden[i];
  }

  /** The count, or null when hidden. */
  Long value(int i) {
    return hidden[i] ? null : counts[i];
  }

  private static Map<String, List<Integer>> groups(List<String> keys) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      groups.computeIfAbsent(keys.get(i), key -> new ArrayList<>()).add(i);
    }
    return groups;
  }

  /** Applies the rule to one group; says whether it hid anything more. */
  private boolean hideIn(List<Integer> group) {
    boolean changed = false;
    long sum = 0;
    for (int i : group) {
      sum += counts[i];
    }
    if (sum > 0 && sum < k) {
      for (int i : group) {
        changed |= !hidden[i];
        hidden[i] = true;
      }
      return changed;
    }
    long hiddenSum = 0;
    int hiddenCount = 0;
    for (int i : group) {
      if (!hidden[i] && counts[i] > 0 && counts[i] < k) {
        hidden[i] = true;
        changed = true;
      }
      // a zero hidden for its group's sake gives nothing away, so it needs no complement
      if (hidden[i] && counts[i] > 0) {
        hiddenSum += counts[i];
        hiddenCount++;
      }
    }
    // one hidden cell alone in a group is its total minus the shown ones, however large it is
    while (hiddenCount > 0 && (hiddenSum < k || hiddenCount < 2)) {
      int smallest = complement(group);
      if (smallest < 0) {
        break;
      }
      hidden[smallest] = true;
      hiddenSum += counts[smallest];
      hiddenCount++;
      changed = true;
    }
    return changed;
  }

  private int complement(List<Integer> group) {
    int best = -1;
    for (int i : group) {
      if (!hidden[i] && counts[i] > 0 && (best < 0 || counts[i] < counts[best])) {
        best = i;
      }
    }
    return best;
  }
}
