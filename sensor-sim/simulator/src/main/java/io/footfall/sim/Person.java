package io.footfall.sim;

import java.util.SplittableRandom;

/**
 * One person (or fixed device) during one stay in the mall. A regular visitor or a staff member comes back as
 * a new {@code Person} with the same id and the same {@link Phone}; stale events of an earlier stay are
 * recognised by {@link #inMall} being false.
 */
final class Person {

  /** Who the agent is; the token is what the ground truth files say. */
  enum Kind {
    SHOPPER("shopper"), PASSER("passer"), STAFF("staff"), DEVICE("device");

    final String token;

    Kind(String token) {
      this.token = token;
    }

    boolean isPerson() {
      return this != DEVICE;
    }
  }

  final String id;
  final Kind kind;
  final Phone phone;
  final SplittableRandom rng;
  final boolean[] visited;
  final double speed;
  final long arrivedAt;
  final int arrivalEntrance;
  /** Index in {@link Regulars}, or -1 for a one-off visitor, staff or device. */
  int regular = -1;
  boolean inMall = true;
  int zone = -1;
  long zoneSince;
  int previousZone = -1;
  int steps;
  double x;
  double y;
  long leaveBy = Long.MAX_VALUE;
  boolean leaving;
  /** Where the person is heading: a room to enter or an entrance to leave by; -1 to wander. */
  int target = -1;
  /** The walkway walked before the current one, so that a wandering person does not turn straight back. */
  int cameFrom = -1;

  Person(String id, Kind kind, Phone phone, SplittableRandom rng, int zones, double speed, long arrivedAt,
         int arrivalEntrance) {
    this.id = id;
    this.kind = kind;
    this.phone = phone;
    this.rng = rng;
    this.visited = new boolean[zones];
    this.speed = speed;
    this.arrivedAt = arrivedAt;
    this.arrivalEntrance = arrivalEntrance;
  }

  boolean detectable() {
    return phone != null;
  }
}
