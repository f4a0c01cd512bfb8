/// Geometry of an external cylindrical receiver on a tower.
public struct ReceiverGeometry: Sendable, Equatable, Codable {
    /// Height of the absorbing cylinder. [m]
    public var height: Double
    /// Diameter of the absorbing cylinder. [m]
    public var diameter: Double
    /// Height of the receiver's centre above the heliostat pivot plane (tower optical height). [m]
    public var opticalHeight: Double

    public init(height: Double, diameter: Double, opticalHeight: Double) {
        self.height = height
        self.diameter = diameter
        self.opticalHeight = opticalHeight
    }

    /// Outer absorbing area π·D·H. [m²]
    public var area: Double { Double.pi * diameter * height }
}
