package io.footfall.site;

/** A position on a floor plan, in metres. */
public record Point(double x, double y) {
}
