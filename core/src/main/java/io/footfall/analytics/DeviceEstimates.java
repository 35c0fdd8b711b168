package io.footfall.analytics;

import java.util.List;

/** Device estimates of one site, handed to the estimate writer together. */
public record DeviceEstimates(String site, List<DeviceEstimate> rows) {
}
