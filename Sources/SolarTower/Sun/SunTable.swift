import Dispatch
import Foundation

/// Sun positions for a whole series of instants at one site: SPA with the periodic terms evaluated once
/// per day and interpolated in between, spread over cores.
///
/// The Earth's heliocentric position and the nutation (`SunEphemeris`, ~320 trigonometric terms) vary
/// slowly: they are evaluated at each whole Terrestrial-Time day (noon TT, JDE integer) and interpolated
/// with a 4-point Lagrange cubic through days k−1…k+2; the per-instant part of SPA (sidereal time,
/// parallax, refraction, azimuth; Reda & Andreas 2003, NREL/TP-560-34302, §3.5–3.15) is exact.
/// Measured difference from full SPA: below 1e-6° (see SunTableTests), far inside SPA's ±0.0003°.
///
/// Each result depends only on its own inputs, never on how the work was split, so results are
/// bit-identical for any number of threads.
public enum SunTable {
    /// One instant to evaluate: when, and the air that refracts the light there.
    public struct Instant: Sendable, Equatable {
        /// Seconds since 1970-01-01T00:00:00Z. [s]
        public var utc: Double
        /// Air pressure for refraction. [Pa]
        public var pressure: Double
        /// Air temperature for refraction. [K]
        public var temperature: Double
        /// ΔT = TT − UT. [s]
        public var deltaT: Double

        public init(utc: Double, pressure: Double, temperature: Double, deltaT: Double) {
            self.utc = utc
            self.pressure = pressure
            self.temperature = temperature
            self.deltaT = deltaT
        }
    }

    /// Why a series of instants was rejected (instead of trapping or returning NaN).
    public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
        /// 0-based index of the offending instant, nil for site problems.
        public var index: Int?
        public var message: String
        public var description: String { (index.map { "instant \($0 + 1): " } ?? "") + message }
    }

    /// Range of instants SPA is specified for (years −2000…6000). [s since epoch]
    static let validUTC = -125_000_000_000.0...127_000_000_000.0

    /// Sun positions at many instants for one site (fast path, see type documentation).
    /// Throws `InputError` for a non-finite or out-of-range input (SPA covers years −2000…6000).
    /// - Parameters:
    ///   - instants: the instants, any order (typical years jump between source years).
    ///   - latitude: north positive. [deg]
    ///   - longitude: east positive. [deg]
    ///   - elevation: above sea level. [m]
    ///   - threads: number of slices run concurrently; nil = active processor count. [-]
    public static func positions(_ instants: [Instant], latitude: Double, longitude: Double, elevation: Double,
                                 threads: Int? = nil) throws -> [SunPosition] {
        let n = instants.count
        if n == 0 { return [] }
        guard latitude.isFinite, (-90...90).contains(latitude), longitude.isFinite, (-180...180).contains(longitude),
              elevation.isFinite, (-1000...10_000).contains(elevation) else {
            throw InputError(index: nil, message: "site latitude \(latitude)°, longitude \(longitude)°, "
                             + "elevation \(elevation) m out of range")
        }
        for (i, x) in instants.enumerated() {
            guard validUTC.contains(x.utc) else {
                throw InputError(index: i, message: "time \(x.utc) s is not finite or outside SPA's years −2000…6000")
            }
            guard x.pressure.isFinite, x.pressure > 0, x.pressure < 200_000 else {
                throw InputError(index: i, message: "pressure \(x.pressure) Pa: expected 0…200,000 Pa")
            }
            guard x.temperature.isFinite, x.temperature > 150, x.temperature < 400 else {
                throw InputError(index: i, message: "temperature \(x.temperature) K: expected 150…400 K")
            }
            guard x.deltaT.isFinite, abs(x.deltaT) < 1e6 else {
                throw InputError(index: i, message: "ΔT \(x.deltaT) s is not finite or implausible")
            }
        }
        let site = SPAObserver(latitude: latitude, longitude: longitude, elevation: elevation,
                               pressure: 101_325, temperature: 288.15)
        // Whole TT days needed as interpolation nodes (runs of equal days collapsed before the set).
        var needed = Set<Int>()
        var previous = Int.min
        for i in instants {
            let k = Int(dayTT(i).rounded(.down))
            if k != previous {
                for j in (k - 1)...(k + 2) { needed.insert(j) }
                previous = k
            }
        }
        let nodeDays = needed.sorted()
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let nodes = parallelMap(count: nodeDays.count, workers: workers) {
            SunEphemeris(daysSinceJ2000TT: Double(nodeDays[$0]))
        }
        var nodeIndex = [Int: Int](minimumCapacity: nodeDays.count)
        for (i, d) in nodeDays.enumerated() { nodeIndex[d] = i }
        let index = nodeIndex
        return parallelMap(count: n, workers: workers) { i in
            let instant = instants[i]
            let dTT = dayTT(instant)
            let k = Int(dTT.rounded(.down))
            let base = index[k - 1]!
            // Nodes k−1…k+2 are consecutive in `nodeDays` because all four were inserted together.
            let e = interpolate(nodes[base], nodes[base + 1], nodes[base + 2], nodes[base + 3],
                                at: dTT - Double(k))
            return SolarPositionAlgorithm.apparentPosition(
                e, dayUT: instant.utc / 86_400 - SolarPositionAlgorithm.j2000Unix / 86_400, dayTT: dTT,
                observer: site.with(pressure: instant.pressure, temperature: instant.temperature))
        }
    }

    /// Days since J2000.0 in Terrestrial Time of an instant. [day]
    @inline(__always)
    static func dayTT(_ i: Instant) -> Double {
        i.utc / 86_400 - SolarPositionAlgorithm.j2000Unix / 86_400 + i.deltaT / 86_400
    }

    /// 4-point Lagrange interpolation at x ∈ [0, 1) between nodes at −1, 0, 1, 2.
    static func interpolate(_ a: SunEphemeris, _ b: SunEphemeris, _ c: SunEphemeris, _ d: SunEphemeris,
                            at x: Double) -> SunEphemeris {
        let wa = -x * (x - 1) * (x - 2) / 6
        let wb = (x + 1) * (x - 1) * (x - 2) / 2
        let wc = -(x + 1) * x * (x - 2) / 2
        let wd = (x + 1) * x * (x - 1) / 6
        return SunEphemeris(
            heliocentricLongitude: wa * a.heliocentricLongitude + wb * b.heliocentricLongitude
                + wc * c.heliocentricLongitude + wd * d.heliocentricLongitude,
            heliocentricLatitude: wa * a.heliocentricLatitude + wb * b.heliocentricLatitude
                + wc * c.heliocentricLatitude + wd * d.heliocentricLatitude,
            radius: wa * a.radius + wb * b.radius + wc * c.radius + wd * d.radius,
            nutationLongitude: wa * a.nutationLongitude + wb * b.nutationLongitude
                + wc * c.nutationLongitude + wd * d.nutationLongitude,
            nutationObliquity: wa * a.nutationObliquity + wb * b.nutationObliquity
                + wc * c.nutationObliquity + wd * d.nutationObliquity)
    }

    /// Evaluates `body` for 0..<count in `workers` contiguous slices run concurrently: slice 0 on the
    /// calling thread, the others on their own threads (dedicated threads rather than
    /// `DispatchQueue.concurrentPerform`, whose Linux worker pool measured here often ran the slices one
    /// after another on a loaded machine).
    static func parallelMap<T: Sendable>(count: Int, workers: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        if count == 0 { return [] }
        let slices = min(count, workers, 64)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = SendablePointer(buffer.baseAddress!)
            let run: @Sendable (Int) -> Void = { s in
                let lo = count * s / slices, hi = count * (s + 1) / slices
                for i in lo..<hi { (base.pointer + i).initialize(to: body(i)) }
            }
            let done = DispatchSemaphore(value: 0)
            for s in 1..<slices {
                Thread { run(s); done.signal() }.start()
            }
            run(0)
            for _ in 1..<slices { done.wait() }
            initialized = count
        }
    }
}

/// A pointer handed to worker slices that write disjoint ranges.
private struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { pointer = p }
}

extension WeatherYear {
    /// Sun position at the middle of every record's interval, refracted with that record's pressure and
    /// temperature (fast path: `SunTable`). By default each record keeps its own instant, so a typical year's
    /// months use their source years.
    ///
    /// NREL SAM (PySAM 7.1.1 MSPT run on Greensboro TMY3, ../shared/reference/sam-mspt-greensboro) computed
    /// its sun at minute 30 of each hour with the calendar year 1990 for every record: pass
    /// `calendarYear: 1990` to reproduce SAM's solzen (max 0.0075° on sun-up hours vs 0.17° with source years).
    /// - Parameters:
    ///   - deltaT: ΔT = TT − UT for every record; nil = Espenak & Meeus polynomial at each record's date. [s]
    ///   - threads: concurrent slices; nil = active processor count. [-]
    ///   - calendarYear: if set, each record is placed at its local month/day/time in this year instead of
    ///     its own (a 29 February in a non-leap year falls on 1 March). [-]
    /// Throws `SunTable.InputError` (with the record's index) for a non-finite or out-of-range value.
    public func sunPositions(deltaT: Double? = nil, threads: Int? = nil, calendarYear: Int? = nil) throws -> [SunPosition] {
        let instants = records.map { r in
            var t = r.midpoint
            if let y = calendarYear {
                let l = r.local
                let day = SolarPositionAlgorithm.daysSinceEpoch(year: y, month: l.month, day: l.day)
                t = Double(day) * 86_400 + Double(l.hour) * 3600 + Double(l.minute) * 60 + l.second
                    - site.utcOffset * 3600 + 0.5 * r.interval
            }
            return SunTable.Instant(utc: t, pressure: r.pressure, temperature: r.dryBulb,
                                    deltaT: deltaT ?? SolarPositionAlgorithm.deltaTEspenakMeeus(utc: t))
        }
        return try SunTable.positions(instants, latitude: site.latitude, longitude: site.longitude,
                                      elevation: site.elevation, threads: threads)
    }
}

/// Sun position at the middle of every record of `weather` (see `WeatherYear.sunPositions`).
public func sunPositions(for weather: WeatherYear, deltaT: Double? = nil, threads: Int? = nil,
                         calendarYear: Int? = nil) throws -> [SunPosition] {
    try weather.sunPositions(deltaT: deltaT, threads: threads, calendarYear: calendarYear)
}
