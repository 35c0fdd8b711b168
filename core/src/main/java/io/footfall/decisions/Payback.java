package io.footfall.decisions;

/**
 * What an estimated number of visitors would mean for a tenant, from the owner's own assumptions: footfall knows
 * visitors, never sales, so every money figure here is the visitors times figures the owner typed in.
 *
 * @param rentPerMonth       rent of the unit per month
 * @param spendPerBuyer      average spend of a visitor who buys
 * @param conversion         share of visitors who buy (0..1)
 * @param margin             share of sales left after the cost of goods (0..1)
 * @param fitOut             one-off cost of opening (fit-out), 0 when none
 */
public record Payback(double rentPerMonth, double spendPerBuyer, double conversion, double margin, double fitOut) {

  /** Average days per month (365.25 / 12). */
  public static final double DAYS_PER_MONTH = 30.4375;

  /**
   * The figures at one number of visitors per day.
   *
   * @param salesPerMonth  visitors x conversion x spend
   * @param marginPerMonth what the sales leave after the cost of goods and the rent (negative: a loss)
   * @param paybackMonths  months to earn back the fit-out; null when the month makes a loss or there is no fit-out
   */
  public record Outcome(double visitorsPerDay, double salesPerMonth, double marginPerMonth, Double paybackMonths) {
  }

  public Outcome at(double visitorsPerDay) {
    double sales = visitorsPerDay * DAYS_PER_MONTH * conversion * spendPerBuyer;
    double left = sales * margin - rentPerMonth;
    Double months = left > 0 && fitOut > 0 ? fitOut / left : null;
    return new Outcome(visitorsPerDay, sales, left, months);
  }

  /** Visitors per day at which the margin just pays the rent; null when nobody buying could ever pay it. */
  public Double breakEvenVisitorsPerDay() {
    double perVisitor = DAYS_PER_MONTH * conversion * spendPerBuyer * margin;
    return perVisitor > 0 ? rentPerMonth / perVisitor : null;
  }
}
