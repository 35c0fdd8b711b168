package io.footfall.analytics;

import java.util.List;

/** The rollups of one or more finished minutes of one site, handed to the writer together. */
public record ZoneMinutes(String site, List<ZoneMinute> rows) {
}
