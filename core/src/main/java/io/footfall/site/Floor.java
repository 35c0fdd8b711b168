package io.footfall.site;

/** One floor plan; {@code width} and {@code height} in metres, origin at its top-left corner. */
public record Floor(String id, String name, int level, double width, double height) {
}
