import Foundation

/// The plant components an event log may name, in the order energy flows.
public enum PlantComponent: String, CaseIterable, Sendable, Codable {
    case heliostatField = "heliostat-field"
    case receiver
    case storage
    case steamGenerator = "steam-generator"
    case turbine
    case grid

    /// Position in `allCases` (index into per-component storage).
    public var index: Int {
        switch self {
        case .heliostatField: 0
        case .receiver: 1
        case .storage: 2
        case .steamGenerator: 3
        case .turbine: 4
        case .grid: 5
        }
    }
}

/// Causes that take away part of the heliostat field's reflected power without a component being broken.
public enum FieldDerate: String, CaseIterable, Sendable, Codable {
    /// Dirt on the mirrors beyond the cleanliness the plant model already assumes.
    case soiling
    /// Frost or dew frozen on the mirrors (morning, until it clears).
    case frost
    /// Snow lying on the mirrors.
    case snow
    /// Heliostats stowed because the wind exceeds the stow speed.
    case windStow = "wind-stow"

    public var index: Int {
        switch self {
        case .soiling: 0
        case .frost: 1
        case .snow: 2
        case .windStow: 3
        }
    }
}

/// What a plant model must honour, record by record, when the tracker asks for a counterfactual run.
///
/// Every array has one entry per weather record of the simulated period (`count`), in record order.
/// `OperatingAdjustments.none(count:)` (all available, no derate, no cap, no delay) is the plan run.
///
/// Semantics the plant model applies (the tracker and `TrackingSynth` rely on exactly these):
/// - `availability(c, i)`: fraction of component `c`'s capacity usable during record `i`. [fraction 0–1]
///   - heliostat-field: fraction of heliostats tracking (multiplies the field's power on the receiver);
///   - receiver: fraction of receiver thermal capacity (multiplies absorbed/delivered receiver power);
///   - storage: fraction of the usable storage capacity (multiplies the tanks' usable energy limit);
///   - steam-generator, turbine: fraction of the power block's thermal/electric capacity (0 = tripped);
///   - grid: fraction of rated net power the grid accepts (net output ≤ availability × rated net power).
/// - `fieldDerate(d, i)`: fraction of the field's reflected power lost to cause `d` during record `i`
///   [fraction 0–1]; derates combine multiplicatively with each other and with field availability
///   (see `fieldFactor(at:)`).
/// - `curtailmentCap[i]`: forced ceiling on average net power during record `i`; `.infinity` = none. [W]
/// - `startDelay[i]`: delayed-start offset of the local day containing record `i` (same value on every
///   record of that day): the power block may not start before its normal first start of the day plus this
///   offset; 0 = no delay. [s]
public struct OperatingAdjustments: Sendable, Equatable {
    /// Number of weather records covered.
    public let count: Int
    /// Availability, component-major: `availabilityStorage[c.index * count + i]`. [fraction 0–1]
    private var availabilityStorage: [Double]
    /// Field derates, derate-major: `derateStorage[d.index * count + i]`. [fraction 0–1]
    private var derateStorage: [Double]
    /// Ceiling on average net power per record; `.infinity` = none. [W]
    public var curtailmentCap: [Double]
    /// Delayed-start offset of each record's local day. [s]
    public var startDelay: [Double]

    /// No adjustment at all: the plan.
    public static func none(count: Int) -> OperatingAdjustments {
        OperatingAdjustments(count: count)
    }

    public init(count: Int) {
        self.count = count
        availabilityStorage = Array(repeating: 1, count: count * PlantComponent.allCases.count)
        derateStorage = Array(repeating: 0, count: count * FieldDerate.allCases.count)
        curtailmentCap = Array(repeating: .infinity, count: count)
        startDelay = Array(repeating: 0, count: count)
    }

    /// Usable fraction of a component in record `i`. [fraction 0–1]
    public func availability(_ c: PlantComponent, _ i: Int) -> Double { availabilityStorage[c.index * count + i] }

    /// Fraction of the field's reflected power lost to `d` in record `i`. [fraction 0–1]
    public func fieldDerate(_ d: FieldDerate, _ i: Int) -> Double { derateStorage[d.index * count + i] }

    public mutating func setAvailability(_ c: PlantComponent, _ i: Int, _ value: Double) {
        availabilityStorage[c.index * count + i] = value
    }

    public mutating func setFieldDerate(_ d: FieldDerate, _ i: Int, _ value: Double) {
        derateStorage[d.index * count + i] = value
    }

    /// Fraction of the clean, fully available field's power that reaches the receiver in record `i`:
    /// heliostat-field availability × Π(1 − derate). [fraction 0–1]
    public func fieldFactor(at i: Int) -> Double {
        var f = availability(.heliostatField, i)
        for d in FieldDerate.allCases { f *= 1 - fieldDerate(d, i) }
        return f
    }

    /// True when nothing is adjusted (the plan).
    public var isNone: Bool { self == .none(count: count) }
}

/// Net electricity a plant delivered (or would have) over one weather record.
public struct IntervalNet: Sendable, Equatable {
    /// Start of the interval, seconds since 1970-01-01T00:00:00Z (the weather record's `start`). [s]
    public var start: Double
    /// Interval length. [s]
    public var interval: Double
    /// Net electric energy to the grid over the interval (negative when parasitics exceed generation). [J]
    public var energy: Double

    public init(start: Double, interval: Double, energy: Double) {
        self.start = start
        self.interval = interval
        self.energy = energy
    }
}

/// A simulation of one plant that the tracker can run under measured weather and counterfactual adjustments.
///
/// Implementations must be deterministic (the same inputs give the same output) and return one
/// `IntervalNet` per weather record, in record order. The tracker runs 8 simulations of the same period
/// (all subsets of the three cause categories), possibly concurrently.
public protocol PlantModel: Sendable {
    /// Rated net electric output; used to detect kW vs MW and for grid/curtailment caps. [W]
    var ratedNetPower: Double { get }
    /// Simulates the period record by record, applying `adjustments` (see `OperatingAdjustments`).
    func simulate(period weather: WeatherYear, adjustments: OperatingAdjustments) throws -> [IntervalNet]
}
