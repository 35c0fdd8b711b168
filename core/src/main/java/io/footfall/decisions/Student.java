package io.footfall.decisions;

/** The two-sided 95 % quantile of Student's t distribution, for the comparison's confidence margins. */
final class Student {

  private static final double Z = 1.959963984540054;
  /** Exact quantiles for 1..5 degrees of freedom, where the series below is poor. */
  private static final double[] SMALL = {12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836};

  private Student() {
  }

  /** t(0.975, dof); dof below 1 is taken as 1, a fractional dof (Welch) is interpolated. */
  static double t975(double dof) {
    if (!(dof >= 1)) {
      return SMALL[0];
    }
    if (dof < SMALL.length) {
      int lower = (int) Math.floor(dof);
      double upper = lower == SMALL.length ? series(SMALL.length + 1) : SMALL[lower];
      return SMALL[lower - 1] + (dof - lower) * (upper - SMALL[lower - 1]);
    }
    return series(dof);
  }

  /** Cornish-Fisher expansion of t around the normal quantile; within 0.002 of the exact value from dof 5 on. */
  private static double series(double v) {
    double z3 = Z * Z * Z;
    double z5 = z3 * Z * Z;
    double z7 = z5 * Z * Z;
    return Z + (z3 + Z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * Z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * Z) / (384 * v * v * v);
  }
}
