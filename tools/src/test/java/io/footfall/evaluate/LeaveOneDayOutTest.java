package io.footfall.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.site.PeopleModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveOneDayOutTest {

  private static final long WINDOW = 600_000;

  /** A day alternating empty and full windows; the room is {@code loudness} devices per person loud, plus noise. */
  private static LeaveOneDayOut.Day day(String name, double loudness, double background, int full) {
    List<RealWindow> windows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      double people = i % 3 == 0 ? 0 : i % 3 == 1 ? full / 2.0 : full;
      double devices = background + loudness * people;
      windows.add(new RealWindow(i * WINDOW, people, devices, (int) Math.round(3 * devices), 10));
    }
    return new LeaveOneDayOut.Day(name, List.of(windows));
  }

  @Test
  void theHeldOutDayNeverChoosesItsOwnModel() {
    List<LeaveOneDayOut.Day> days = new ArrayList<>(List.of(day("a", 1, 2, 15), day("b", 2, 2, 15),
        day("c", 3, 2, 15), day("d", 1.5, 2, 12)));
    PeopleModel before = LeaveOneDayOut.run(days, WINDOW).days().get(0).choice().model();

    days.set(0, day("a", 9, 0, 3));
    PeopleModel after = LeaveOneDayOut.run(days, WINDOW).days().get(0).choice().model();

    assertThat(after).isEqualTo(before);
  }

  @Test
  void daysWhoseLoudnessDiffersChooseACompressingModelThatBeatsTheProportionalOne() {
    List<LeaveOneDayOut.Day> days = List.of(day("a", 1, 2, 15), day("b", 2, 2, 15), day("c", 4, 2, 15),
        day("d", 3, 2, 15));

    PeopleModel chosen = LeaveOneDayOut.choose(days, WINDOW).model();

    assertThat(chosen.exponent()).isLessThan(1);
    assertThat(chosen.backgroundDevices()).isPositive();
  }

  @Test
  void aQuietDayLendsNoCountButIsStillScored() {
    List<LeaveOneDayOut.Day> days = List.of(day("a", 1, 2, 15), day("b", 1, 2, 15), day("quiet", 1, 2, 8));

    LeaveOneDayOut.Result result = LeaveOneDayOut.run(days, WINDOW);

    assertThat(result.days().get(2).calibrations()).isEqualTo(2);
    assertThat(result.days().get(0).calibrations()).isEqualTo(1);
    assertThat(result.footfallMaeByCount()).hasSize(2);
    // rooms equally loud every day: the count of one day fits the others exactly
    assertThat(result.days().get(0).footfall().mae()).isCloseTo(0, within(1e-9));
  }
}
