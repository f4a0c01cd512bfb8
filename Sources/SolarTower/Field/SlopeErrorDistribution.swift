import Foundation

/// How the ray tracer draws a mirror's surface slope error around the ideal normal.
/// Source: Wang et al. (2020), Solar Energy 195, 461–474, benchmark parameter sheets ("slope error distribution":
/// normal or pillbox); conventions in reference/wang2020-raytrace/SUMMARY.md (checks 2 and 3).
public enum SlopeErrorDistribution: Sendable, Equatable {
    /// Circular normal: `HeliostatClass.slopeError` is the per-axis standard deviation of the normal. [rad]
    case normal
    /// Pillbox: the normal is uniform over a cone whose half-angle is `HeliostatClass.slopeError`. [rad]
    case pillbox
}
