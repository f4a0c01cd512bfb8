import Foundation

/// Why a field description, layout file or optics request was rejected.
/// Carries the file (or TOML key path), line and column where they apply, and what was expected.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case unreadable, missingKey, outOfRange, unknownValue, notANumber, missingField
        case badLayout, emptyField, countNotReached, mismatchedInputs
    }
    public var kind: Kind
    /// File path, or the TOML key path (e.g. `field.heliostats[0].width_m`) for plant-file values.
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(_ kind: Kind, path: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.kind = kind; self.path = path; self.line = line; self.column = column; self.message = message
    }

    public var description: String {
        var s = path
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s + ": " + message
    }
}

/// How a heliostat's mirror surface is shaped.
public enum HeliostatFocusing: Sendable, Equatable {
    /// Flat mirror (no focusing, no canting): the image is at least the mirror's size.
    case flat
    /// Facets canted on-axis and focused at the heliostat's slant range to its aim point.
    case focusedAtSlantRange
}

/// One heliostat size class (SolarPILOT "heliostat template").
public struct HeliostatClass: Sendable, Equatable {
    /// Outline width (horizontal edge). [m]
    public var width: Double
    /// Outline height. [m]
    public var height: Double
    /// Reflective area / outline area (SAM `dens_mirror`). [-]
    public var reflectiveFraction: Double
    /// Clean mirror reflectance. [-]
    public var reflectance: Double
    /// Cleanliness (soiling) factor. [-]
    public var cleanliness: Double
    /// Surface slope error per axis (normal-vector spread; reflected ray spreads twice as much). [rad]
    public var slopeError: Double
    /// Tracking (pointing) error of the mirror normal per axis (reflected ray spreads twice as much). [rad]
    public var trackingError: Double
    public var focusing: HeliostatFocusing

    public init(width: Double, height: Double, reflectiveFraction: Double = 1, reflectance: Double,
                cleanliness: Double = 1, slopeError: Double, trackingError: Double = 0,
                focusing: HeliostatFocusing = .focusedAtSlantRange) {
        self.width = width; self.height = height; self.reflectiveFraction = reflectiveFraction
        self.reflectance = reflectance; self.cleanliness = cleanliness; self.slopeError = slopeError
        self.trackingError = trackingError; self.focusing = focusing
    }

    /// Reflective aperture width · height · reflective fraction. [m²]
    public var reflectiveArea: Double { width * height * reflectiveFraction }
    /// Outline diagonal. [m]
    public var diagonal: Double { (width * width + height * height).squareRoot() }
}

/// Heliostat positions as a structure of arrays. Frame: tower base at the origin, x east, y north,
/// z up; z is the pivot height above the pivot plane (the receiver's optical height is measured
/// from that plane).
public struct FieldLayout: Sendable, Equatable {
    /// East coordinate of each pivot. [m]
    public var x: [Double]
    /// North coordinate of each pivot. [m]
    public var y: [Double]
    /// Pivot height above the pivot plane. [m]
    public var z: [Double]
    /// Index into `FieldSpec.classes` for each heliostat.
    public var classIndex: [Int]

    public init(x: [Double], y: [Double], z: [Double]? = nil, classIndex: [Int]? = nil) {
        self.x = x; self.y = y
        self.z = z ?? [Double](repeating: 0, count: x.count)
        self.classIndex = classIndex ?? [Int](repeating: 0, count: x.count)
    }

    public var count: Int { x.count }
}

/// Atmospheric attenuation between heliostat and receiver as a function of slant range.
public enum AttenuationModel: Sendable, Equatable {
    /// Transmittance 1 − (c0 + c1 S + c2 S² + c3 S³), S slant range [km]. DELSOL3 / Barstow form
    /// (Kistler 1986, SAND86-8018); SAM's defaults are `samDefault`.
    case polynomial(c0: Double, c1: Double, c2: Double, c3: Double)
    /// Vittitow & Biggs (1978), as quoted by Leary & Hankins (1979, SAND77-8680) and Schmitz et al. (2006):
    /// clear day (23 km visibility): 0.99321 − 1.176e-4 S + 1.97e-8 S² for S ≤ 1000 m, exp(−1.106e-4 S) beyond;
    /// hazy day (5 km): 0.98707 − 2.7489e-4 S + 3.394e-8 S² (given for S ≤ 1000 m; extrapolated beyond). S [m].
    case vittitowBiggs(clearDay: Bool)

    /// SAM/SolarPILOT default: c = 0.006789, 0.1046, −0.017, 0.002845 (SAM `c_atm_*`).
    public static let samDefault = AttenuationModel.polynomial(c0: 0.006789, c1: 0.1046, c2: -0.017, c3: 0.002845)
    /// Barstow 25 km visibility coefficients as printed in DELSOL3 (Kistler 1986): 0.0067890, 0.1046, −0.0170, 0.002845.
    public static let barstow = samDefault

    /// Transmittance over a slant range. [-] — slantRange [m]
    @inlinable public func transmittance(slantRange d: Double) -> Double {
        switch self {
        case let .polynomial(c0, c1, c2, c3):
            let s = d / 1000
            return min(1, max(0, 1 - (c0 + s * (c1 + s * (c2 + s * c3)))))
        case let .vittitowBiggs(clear):
            if clear {
                return d <= 1000 ? 0.99321 - 1.176e-4 * d + 1.97e-8 * d * d : exp(-1.106e-4 * d)
            }
            return max(0, 0.98707 - 2.7489e-4 * d + 3.394e-8 * d * d)
        }
    }
}

/// Angular distribution of sunlight around the sun's centre.
public enum SunShape: Sendable, Equatable {
    /// Uniform disc of the given half-angle (Wang et al. 2020 "pillbox"). [rad]
    case pillbox(halfAngle: Double)
    /// Circular normal with the given per-axis standard deviation. [rad]
    case gaussian(sigma: Double)
    /// Buie et al. (2003, Solar Energy 74, 113–122) sun + circumsolar aureole with circumsolar ratio CSR [-]; the
    /// convention says how CSR becomes Buie's χ (default: CSR is the profile's actual circumsolar ratio).
    case buie(csr: Double, convention: BuieCSRConvention = .actual)

    /// Standard solar disc (half-angle 4.65 mrad).
    public static let standardPillbox = SunShape.pillbox(halfAngle: 4.65e-3)
}

/// Complete description of a heliostat field for optics.
public struct FieldSpec: Sendable, Equatable {
    public var classes: [HeliostatClass]
    public var layout: FieldLayout
    public var receiver: ReceiverGeometry
    public var attenuation: AttenuationModel
    public var sunShape: SunShape
    /// Fraction of heliostats available (not in maintenance). [-]
    public var availability: Double
    /// Field stows when the sun is lower than this elevation. [rad]
    public var stowSunElevation: Double
    /// Field stows when the wind is faster than this. [m/s]
    public var stowWindSpeed: Double
    /// Neighbours closer than this multiple of the largest heliostat diagonal are tested for shading and blocking. [-]
    public var neighbourRadiusFactor: Double

    public init(classes: [HeliostatClass], layout: FieldLayout, receiver: ReceiverGeometry,
                attenuation: AttenuationModel = .samDefault, sunShape: SunShape = .standardPillbox,
                availability: Double = 1, stowSunElevation: Double = 0, stowWindSpeed: Double = .infinity,
                neighbourRadiusFactor: Double = 4.5) {
        self.classes = classes; self.layout = layout; self.receiver = receiver
        self.attenuation = attenuation; self.sunShape = sunShape; self.availability = availability
        self.stowSunElevation = stowSunElevation; self.stowWindSpeed = stowWindSpeed
        self.neighbourRadiusFactor = neighbourRadiusFactor
    }

    /// Total reflective area. [m²]
    public var reflectiveArea: Double {
        layout.classIndex.reduce(0) { $0 + classes[$1].reflectiveArea }
    }

    /// Checks internal consistency (class indices, positive sizes). Throws `FieldError`.
    public func validate() throws {
        if layout.count == 0 { throw FieldError(.emptyField, path: "field", "the field has no heliostats") }
        if classes.isEmpty { throw FieldError(.missingKey, path: "field.heliostats", "no heliostat class") }
        for (k, c) in classes.enumerated() {
            let p = "field.heliostats[\(k)]"
            for (name, v, lo, hi) in [("width", c.width, 1e-3, 1e3), ("height", c.height, 1e-3, 1e3),
                                      ("reflective_fraction", c.reflectiveFraction, 1e-6, 1.0),
                                      ("reflectance", c.reflectance, 0.0, 1.0), ("cleanliness", c.cleanliness, 0.0, 1.0),
                                      ("slope_error", c.slopeError, 0.0, 0.1), ("tracking_error", c.trackingError, 0.0, 0.1)] {
                if !(v >= lo && v <= hi) {
                    throw FieldError(.outOfRange, path: p + "." + name, "\(v) is outside the expected range [\(lo), \(hi)]")
                }
            }
        }
        for i in 0..<layout.count {
            let ci = layout.classIndex[i]
            if ci < 0 || ci >= classes.count {
                throw FieldError(.outOfRange, path: "field.layout", line: i + 1, "class index \(ci) is not in 0..<\(classes.count)")
            }
            if !(layout.x[i].isFinite && layout.y[i].isFinite && layout.z[i].isFinite) {
                throw FieldError(.notANumber, path: "field.layout", line: i + 1, "non-finite heliostat position")
            }
        }
        if !(receiver.height > 0 && receiver.diameter > 0 && receiver.opticalHeight > 0) {
            throw FieldError(.outOfRange, path: "receiver", "height, diameter and optical height must be > 0")
        }
        if !(availability >= 0 && availability <= 1) {
            throw FieldError(.outOfRange, path: "field.availability", "\(availability) is outside [0, 1]")
        }
    }
}
