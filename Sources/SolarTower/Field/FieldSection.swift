import Foundation
import TOMLKit

/// The plant file's `[field]` table as written (units in the key names). Convert with
/// `fieldSpec(receiver:plantDirectory:)`, which validates every value and names the offending key.
///
/// ```toml
/// [field]
/// layout = "csv"                       # or "radial-staggered"
/// layout_csv = "sam-default-mspt-layout.csv"   # relative to the plant file
/// availability = 0.95
/// stow_sun_elevation_deg = 8
/// stow_wind_speed_m_s = 15
/// attenuation = "sam-polynomial"       # "barstow" | "vittitow-biggs" (+ vittitow_biggs_visibility = "clear" | "hazy")
/// sun_shape = "pillbox"                # optional; "buie" (sun_csr) | "gaussian" (sun_sigma_mrad); default pillbox 4.65 mrad
/// [[field.heliostats]]
/// width_m = 12.2
/// height_m = 12.2
/// count = 9339
/// reflective_fraction = 0.97
/// reflectance = 0.9
/// cleanliness = 1.0
/// slope_error_mrad = 1.53
/// tracking_error_mrad = 0.0
/// focusing = "focused"                 # or "flat"
/// [field.radial_staggered]             # only for layout = "radial-staggered"
/// exclusion_radius_m = 100
/// max_radius_m = 1500
/// latitude_deg = 37.37
/// ```
public struct FieldSection: Decodable, Sendable, Equatable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        layout = try c.decode(String.self, forKey: AnyKey("layout"))
        layout_csv = try c.decodeIfPresent(String.self, forKey: AnyKey("layout_csv"))
        availability = try c.number("availability")
        stow_sun_elevation_deg = try c.number("stow_sun_elevation_deg")
        stow_wind_speed_m_s = try c.number("stow_wind_speed_m_s")
        attenuation = try c.decode(String.self, forKey: AnyKey("attenuation"))
        attenuation_coefficients = try c.numbersIfPresent("attenuation_coefficients")
        vittitow_biggs_visibility = try c.decodeIfPresent(String.self, forKey: AnyKey("vittitow_biggs_visibility"))
        sun_shape = try c.decodeIfPresent(String.self, forKey: AnyKey("sun_shape"))
        sun_half_angle_mrad = try c.numberIfPresent("sun_half_angle_mrad")
        sun_csr = try c.numberIfPresent("sun_csr")
        sun_sigma_mrad = try c.numberIfPresent("sun_sigma_mrad")
        neighbour_radius_factor = try c.numberIfPresent("neighbour_radius_factor")
        heliostats = try c.decode([HeliostatSection].self, forKey: AnyKey("heliostats"))
        radial_staggered = try c.decodeIfPresent(RadialStaggeredSection.self, forKey: AnyKey("radial_staggered"))
    }

    public var layout: String
    public var layout_csv: String?
    public var availability: Double
    public var stow_sun_elevation_deg: Double
    public var stow_wind_speed_m_s: Double
    public var attenuation: String
    /// Optional override of the polynomial coefficients c0…c3 (S in km) for "sam-polynomial".
    public var attenuation_coefficients: [Double]?
    public var vittitow_biggs_visibility: String?
    public var sun_shape: String?
    public var sun_half_angle_mrad: Double?
    public var sun_csr: Double?
    public var sun_sigma_mrad: Double?
    /// Neighbour search radius / largest heliostat diagonal (default 4.5: within 0.2 pp of the ray tracer on the SAM field down to 8° sun elevation).
    public var neighbour_radius_factor: Double?
    public var heliostats: [HeliostatSection]
    public var radial_staggered: RadialStaggeredSection?

    public struct HeliostatSection: Decodable, Sendable, Equatable {
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            width_m = try c.number("width_m")
            height_m = try c.number("height_m")
            count = try c.decodeIfPresent(Int.self, forKey: AnyKey("count"))
            reflective_fraction = try c.numberIfPresent("reflective_fraction")
            reflectance = try c.number("reflectance")
            cleanliness = try c.numberIfPresent("cleanliness")
            slope_error_mrad = try c.number("slope_error_mrad")
            tracking_error_mrad = try c.numberIfPresent("tracking_error_mrad")
            focusing = try c.decodeIfPresent(String.self, forKey: AnyKey("focusing"))
        }

        public var width_m: Double
        public var height_m: Double
        public var count: Int?
        /// Default 1.
        public var reflective_fraction: Double?
        public var reflectance: Double
        /// Default 1.
        public var cleanliness: Double?
        public var slope_error_mrad: Double
        /// Default 0.
        public var tracking_error_mrad: Double?
        /// "focused" (at slant range, on-axis canting; default) or "flat".
        public var focusing: String?
    }

    public struct RadialStaggeredSection: Decodable, Sendable, Equatable {
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            exclusion_radius_m = try c.number("exclusion_radius_m")
            max_radius_m = try c.number("max_radius_m")
            latitude_deg = try c.number("latitude_deg")
            clearance_m = try c.numberIfPresent("clearance_m")
            radial_spacing_factor = try c.numberIfPresent("radial_spacing_factor")
            azimuthal_spacing_factor = try c.numberIfPresent("azimuthal_spacing_factor")
        }

        public var exclusion_radius_m: Double
        public var max_radius_m: Double
        public var latitude_deg: Double
        /// Default 0.5 m.
        public var clearance_m: Double?
        /// Default 1.
        public var radial_spacing_factor: Double?
        /// Default 1.
        public var azimuthal_spacing_factor: Double?
    }

    private static func check(_ v: Double, _ key: String, _ lo: Double, _ hi: Double, openLow: Bool = false) throws {
        let ok = v.isFinite && (openLow ? v > lo : v >= lo) && v <= hi
        if !ok {
            throw FieldError(.outOfRange, path: key, "\(v) is out of range: expected \(openLow ? "(" : "[")\(lo), \(hi)]")
        }
    }

    /// Largest `count` of one heliostat class (the largest fields built hold about 10⁵ heliostats). [-]
    public static let maximumHeliostatsPerClass = 1_000_000

    /// Heliostat classes with SI values, validated.
    public func heliostatClasses() throws -> [HeliostatClass] {
        if heliostats.isEmpty { throw FieldError(.missingKey, path: "field.heliostats", "at least one [[field.heliostats]] class is required") }
        return try heliostats.enumerated().map { k, h in
            let p = "field.heliostats[\(k)]."
            try Self.check(h.width_m, p + "width_m", 0, 100, openLow: true)
            try Self.check(h.height_m, p + "height_m", 0, 100, openLow: true)
            try Self.check(h.reflective_fraction ?? 1, p + "reflective_fraction", 0, 1, openLow: true)
            try Self.check(h.reflectance, p + "reflectance", 0, 1)
            try Self.check(h.cleanliness ?? 1, p + "cleanliness", 0, 1)
            try Self.check(h.slope_error_mrad, p + "slope_error_mrad", 0, 50)
            try Self.check(h.tracking_error_mrad ?? 0, p + "tracking_error_mrad", 0, 50)
            if let c = h.count, c < 0 || c > Self.maximumHeliostatsPerClass {
                throw FieldError(.outOfRange, path: p + "count", "\(c) is out of range: expected a count 0 … \(Self.maximumHeliostatsPerClass)")
            }
            let focusing: HeliostatFocusing
            switch h.focusing ?? "focused" {
            case "focused": focusing = .focusedAtSlantRange
            case "flat": focusing = .flat
            case let other: throw FieldError(.unknownValue, path: p + "focusing", "'\(other)': expected \"focused\" or \"flat\"")
            }
            return HeliostatClass(width: h.width_m, height: h.height_m, reflectiveFraction: h.reflective_fraction ?? 1,
                                  reflectance: h.reflectance, cleanliness: h.cleanliness ?? 1,
                                  slopeError: h.slope_error_mrad * 1e-3, trackingError: (h.tracking_error_mrad ?? 0) * 1e-3,
                                  focusing: focusing)
        }
    }

    /// Converts to a validated `FieldSpec`, reading or generating the layout.
    /// - Parameters: receiver geometry (from the plant's `[receiver]` table); plantDirectory: folder of the
    ///   plant file, against which `layout_csv` is resolved.
    public func fieldSpec(receiver: ReceiverGeometry, plantDirectory: URL) throws -> FieldSpec {
        let classes = try heliostatClasses()
        try Self.check(availability, "field.availability", 0, 1)
        try Self.check(stow_sun_elevation_deg, "field.stow_sun_elevation_deg", -5, 45)
        try Self.check(stow_wind_speed_m_s, "field.stow_wind_speed_m_s", 0, 100, openLow: true)
        if let f = neighbour_radius_factor { try Self.check(f, "field.neighbour_radius_factor", 0.5, 20) }
        let att: AttenuationModel
        switch attenuation {
        case "sam-polynomial", "barstow":
            if let c = attenuation_coefficients {
                guard c.count == 4, c.allSatisfy(\.isFinite) else {
                    throw FieldError(.outOfRange, path: "field.attenuation_coefficients", "expected 4 finite numbers c0, c1, c2, c3 (S in km)")
                }
                att = .polynomial(c0: c[0], c1: c[1], c2: c[2], c3: c[3])
            } else { att = attenuation == "barstow" ? .barstow : .samDefault }
        case "vittitow-biggs":
            switch vittitow_biggs_visibility ?? "clear" {
            case "clear": att = .vittitowBiggs(clearDay: true)
            case "hazy": att = .vittitowBiggs(clearDay: false)
            case let v: throw FieldError(.unknownValue, path: "field.vittitow_biggs_visibility", "'\(v)': expected \"clear\" (23 km) or \"hazy\" (5 km)")
            }
        default:
            throw FieldError(.unknownValue, path: "field.attenuation", "'\(attenuation)': expected \"sam-polynomial\", \"barstow\" or \"vittitow-biggs\"")
        }
        let sun: SunShape
        switch sun_shape ?? "pillbox" {
        case "pillbox":
            let d = sun_half_angle_mrad ?? 4.65
            try Self.check(d, "field.sun_half_angle_mrad", 0, 50, openLow: true)
            sun = .pillbox(halfAngle: d * 1e-3)
        case "buie":
            guard let c = sun_csr else { throw FieldError(.missingKey, path: "field.sun_csr", "sun_shape = \"buie\" needs sun_csr (0 < CSR < 1)") }
            try Self.check(c, "field.sun_csr", 0, 0.9, openLow: true)
            sun = .buie(csr: c)
        case "gaussian":
            guard let s = sun_sigma_mrad else { throw FieldError(.missingKey, path: "field.sun_sigma_mrad", "sun_shape = \"gaussian\" needs sun_sigma_mrad") }
            try Self.check(s, "field.sun_sigma_mrad", 0, 50, openLow: true)
            sun = .gaussian(sigma: s * 1e-3)
        case let v: throw FieldError(.unknownValue, path: "field.sun_shape", "'\(v)': expected \"pillbox\", \"buie\" or \"gaussian\"")
        }
        let layoutValue: FieldLayout
        switch layout {
        case "csv":
            guard let rel = layout_csv else {
                throw FieldError(.missingKey, path: "field.layout_csv", "layout = \"csv\" needs layout_csv (a file relative to the plant file)")
            }
            let url = rel.hasPrefix("/") ? URL(fileURLWithPath: rel) : plantDirectory.appendingPathComponent(rel)
            layoutValue = try FieldLayout.csv(url: url, classCount: classes.count)
            if classes.count == 1, let c = heliostats[0].count, c != layoutValue.count {
                throw FieldError(.outOfRange, path: "field.heliostats[0].count",
                                 "\(c) does not match the \(layoutValue.count) positions in \(url.path)")
            }
        case "radial-staggered":
            guard let rs = radial_staggered else {
                throw FieldError(.missingKey, path: "field.radial_staggered", "layout = \"radial-staggered\" needs a [field.radial_staggered] table")
            }
            let p = "field.radial_staggered."
            try Self.check(rs.exclusion_radius_m, p + "exclusion_radius_m", 0, 1e4)
            try Self.check(rs.max_radius_m, p + "max_radius_m", rs.exclusion_radius_m, 2e4, openLow: true)
            try Self.check(rs.latitude_deg, p + "latitude_deg", -90, 90)
            try Self.check(rs.clearance_m ?? 0.5, p + "clearance_m", 0, 50)
            try Self.check(rs.radial_spacing_factor ?? 1, p + "radial_spacing_factor", 0.2, 5)
            try Self.check(rs.azimuthal_spacing_factor ?? 1, p + "azimuthal_spacing_factor", 0.2, 5)
            var counts: [Int] = []
            for (k, h) in heliostats.enumerated() {
                guard let c = h.count else {
                    throw FieldError(.missingKey, path: "field.heliostats[\(k)].count", "a radial-staggered layout needs each class's count")
                }
                counts.append(c)
            }
            layoutValue = try FieldLayout.radialStaggered(
                classes: classes, counts: counts, towerHeight: receiver.opticalHeight,
                parameters: RadialStaggeredParameters(
                    exclusionRadius: rs.exclusion_radius_m, maxRadius: rs.max_radius_m, latitude: rs.latitude_deg * .pi / 180,
                    clearance: rs.clearance_m ?? 0.5, radialSpacingFactor: rs.radial_spacing_factor ?? 1,
                    azimuthalSpacingFactor: rs.azimuthal_spacing_factor ?? 1))
        default:
            throw FieldError(.unknownValue, path: "field.layout", "'\(layout)': expected \"csv\" or \"radial-staggered\"")
        }
        let spec = FieldSpec(classes: classes, layout: layoutValue, receiver: receiver, attenuation: att, sunShape: sun,
                             availability: availability, stowSunElevation: stow_sun_elevation_deg * .pi / 180,
                             stowWindSpeed: stow_wind_speed_m_s, neighbourRadiusFactor: neighbour_radius_factor ?? 4.5)
        try spec.validate()
        return spec
    }
}

/// A small TOML file for the optics command and tests: a `[field]` table and, optionally, a `[receiver]`
/// table with `height_m`, `diameter_m`, `optical_height_m` (the full plant file supersedes it).
public struct FieldOpticsFile: Decodable, Sendable {
    public struct Receiver: Decodable, Sendable {
        public var height_m: Double
        public var diameter_m: Double
        public var optical_height_m: Double

        /// Numbers may be written as TOML integers or floats (`200` and `200.0`).
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            height_m = try c.number("height_m")
            diameter_m = try c.number("diameter_m")
            optical_height_m = try c.number("optical_height_m")
        }
    }
    public var field: FieldSection
    public var receiver: Receiver?

    /// Decodes TOML text; decoding errors are reported against `path`.
    public static func decode(toml: String, path: String) throws -> FieldOpticsFile {
        if let bad = TOMLGuard.firstProblem(toml) {
            throw FieldError(.missingKey, path: path, line: bad.line, column: bad.column, "\(bad.message), found '\(bad.found)'")
        }
        do { return try TOMLDecoder().decode(FieldOpticsFile.self, from: toml) } catch {
            throw FieldError(.missingKey, path: path, "cannot decode the [field] table: \(error)")
        }
    }
}

/// String-keyed coding key for tolerant TOML decoding.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where K == AnyKey {
    /// A number written as a TOML float or integer (`8` and `8.0` both mean 8).
    func number(_ key: String) throws -> Double {
        if let v = try numberIfPresent(key) { return v }
        throw DecodingError.keyNotFound(AnyKey(key), .init(codingPath: codingPath, debugDescription: "required number '\(key)' is missing"))
    }
    func numberIfPresent(_ key: String) throws -> Double? {
        let k = AnyKey(key)
        guard contains(k) else { return nil }
        if let d = try? decode(Double.self, forKey: k) { return d }
        if let i = try? decode(Int.self, forKey: k) { return Double(i) }
        throw DecodingError.typeMismatch(Double.self, .init(codingPath: codingPath + [k], debugDescription: "'\(key)' must be a number"))
    }
    func numbersIfPresent(_ key: String) throws -> [Double]? {
        let k = AnyKey(key)
        guard contains(k) else { return nil }
        if let d = try? decode([Double].self, forKey: k) { return d }
        if let i = try? decode([Int].self, forKey: k) { return i.map(Double.init) }
        var arr = try nestedUnkeyedContainer(forKey: k)
        var out: [Double] = []
        while !arr.isAtEnd {
            if let d = try? arr.decode(Double.self) { out.append(d) } else { out.append(Double(try arr.decode(Int.self))) }
        }
        return out
    }
}
