import Foundation

/// Seeded generator of a synthetic typical weather year (hourly, SI units) for a site with a monthly
/// climate: clear-sky irradiance from Ineichen & Perez (2002) with the site's Linke turbidity and the sun
/// from NREL SPA, thinned by a persistent random sequence of clear / partly cloudy / overcast days whose cloudiness is
/// scaled to reach a target annual DNI; temperature, dew point, pressure and Weibull wind from the monthly
/// climate with autocorrelated anomalies.
///
/// The result is SYNTHETIC: statistically plausible, not measured. Same seed and inputs give a
/// bit-identical year. Models (each cited where used):
/// - Sun: `SunTable` (NREL SPA, Reda & Andreas 2003) at 6 instants per hour, averaged.
/// - Clear sky: `ClearSkyIrradiance.ineichenPerez` (Ineichen & Perez 2002, Solar Energy 73, 151–157).
/// - Day types (clear / partly cloudy / overcast): a latent daily AR(1) Gaussian process thresholded at the
///   monthly probabilities (clipped-Gaussian weather generator, cf. Wilks 1998, J. Hydrol. 210, 178–191), which
///   keeps monthly frequencies and day-to-day persistence. Cloudiness scale s turns each month's clear-day
///   probability P into P^s (cloudy remainder split as in the table); bisection finds the s that meets the
///   target annual DNI.
///   DNI itself is never scaled.
/// - Hourly beam fraction: clear days k = k_day (dust/haze, 0.78–0.98) with 2 % jitter; partly cloudy
///   days an AR(1) cloud cover c (k = k_day·(1−c)); overcast days k ≤ 0.15·k_day.
/// - Diffuse: clear-sky diffuse for the clear part, 40 % of clear-sky global under full cloud plus a
///   broken-cloud term 0.8·c·(1−c)·GHI_clear, plus half the beam lost to haze; GHI = DNI·cos z + DHI.
/// - Temperature: monthly means interpolated daily + AR(1) daily anomaly + cosine diurnal cycle peaking at
///   15:00 solar time with a swing depending on day type; dew point below dry bulb; RH from Magnus
///   (Alduchov & Eskridge 1996, J. Appl. Meteor. 35, 601–609).
/// - Pressure: ISO 2533 standard atmosphere at the elevation + seasonal and AR(1) synoptic terms.
/// - Wind: AR(1) Gaussian mapped to a Weibull (k = 2) of the month's mean, stronger in the afternoon.
public struct SyntheticWeather: Sendable {
    /// Monthly climate of a site (index 0 = January).
    public struct Climate: Sendable, Equatable {
        /// Linke turbidity factor (AM2), per month. [-]
        public var linkeTurbidity: [Double]
        /// Mean dry-bulb temperature, per month. [K]
        public var meanTemperature: [Double]
        /// Mean dew-point temperature, per month. [K]
        public var meanDewPoint: [Double]
        /// Mean diurnal swing (max − min) on clear days, per month. [K]
        public var clearDaySwing: [Double]
        /// Mean wind speed at 10 m, per month. [m/s]
        public var meanWindSpeed: [Double]
        /// Prevailing wind direction, clockwise from north, where from. [deg]
        public var prevailingWindDirection: Double
        /// Probability of a partly cloudy day before the cloudiness scale, per month. [-]
        public var partlyCloudyProbability: [Double]
        /// Probability of an overcast day before the cloudiness scale, per month. [-]
        public var overcastProbability: [Double]
        /// Day-to-day correlation ρ of the latent process behind the day types. [-]
        public var persistence: Double
        /// Ground albedo, per month. [-]
        public var albedo: [Double]

        public init(linkeTurbidity: [Double], meanTemperature: [Double], meanDewPoint: [Double],
                    clearDaySwing: [Double], meanWindSpeed: [Double], prevailingWindDirection: Double,
                    partlyCloudyProbability: [Double], overcastProbability: [Double], persistence: Double,
                    albedo: [Double]) {
            self.linkeTurbidity = linkeTurbidity
            self.meanTemperature = meanTemperature
            self.meanDewPoint = meanDewPoint
            self.clearDaySwing = clearDaySwing
            self.meanWindSpeed = meanWindSpeed
            self.prevailingWindDirection = prevailingWindDirection
            self.partlyCloudyProbability = partlyCloudyProbability
            self.overcastProbability = overcastProbability
            self.persistence = persistence
            self.albedo = albedo
        }

        /// Delingha (Qaidam basin, 37.37 N, 97.37 E, ~3,000 m). Linke turbidity: Remund climatology as quoted in
        /// ../shared/reference/facts.md. Temperatures: a monthly curve through the commonly quoted Delingha climate
        /// (annual mean ≈ 4 °C, January ≈ −10 °C, July ≈ 17 °C); the other months are our interpolation, not
        /// station data. Dew point, swing, wind and cloud probabilities: plausible values for the arid, high Qaidam basin (summer monsoon clouds, clear dry
        /// winters, windy spring), chosen for this synthetic year, not measured.
        public static let delingha = Climate(
            linkeTurbidity: [1.6, 1.6, 1.6, 1.9, 1.95, 2.05, 2.0, 1.85, 1.6, 1.6, 1.6, 1.6],
            meanTemperature: [-10.0, -6.3, -0.4, 5.6, 10.3, 14.1, 17.0, 16.0, 11.1, 4.2, -3.2, -8.6].map { $0 + 273.15 },
            meanDewPoint: [-21, -19, -15, -11, -6, -1, 3, 2, -3, -10, -16, -20].map { $0 + 273.15 },
            clearDaySwing: [16, 17, 16, 16, 15, 15, 15, 15, 15, 16, 17, 16],
            meanWindSpeed: [2.6, 3.0, 4.2, 4.8, 4.6, 3.9, 3.5, 3.3, 3.0, 2.9, 2.7, 2.5],
            prevailingWindDirection: 280,
            partlyCloudyProbability: [0.28, 0.30, 0.38, 0.42, 0.46, 0.52, 0.55, 0.52, 0.44, 0.33, 0.25, 0.25],
            overcastProbability: [0.08, 0.10, 0.14, 0.16, 0.19, 0.24, 0.26, 0.24, 0.19, 0.11, 0.08, 0.08],
            persistence: 0.6,
            albedo: [0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.25])
    }

    /// The Delingha plant site (facts.md): 37.37 N, 97.37 E, 3,000 m, UTC+8.
    public static let delinghaSite = Site(name: "Delingha SYNTHETIC", latitude: 37.37, longitude: 97.37,
                                          elevation: 3000, utcOffset: 8)

    /// Delingha typical-year annual DNI (facts.md). [J/m²]
    public static let delinghaAnnualDNI = 2043.0 * 3.6e6

    public var site: Site
    public var climate: Climate
    /// Random seed: the same seed gives the same year, bit for bit. [-]
    public var seed: UInt64
    /// Calendar year written in the records (non-leap: 8760 hours). [-]
    public var year: Int

    public init(site: Site = SyntheticWeather.delinghaSite, climate: Climate = .delingha, seed: UInt64,
                year: Int = 2001) {
        self.site = site
        self.climate = climate
        self.seed = seed
        self.year = year
    }

    /// Why a generator was not run.
    public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// A year calibrated to a target annual DNI, with the cloudiness scale that achieved it.
    public struct Calibrated: Sendable {
        public var weather: WeatherYear
        /// Albedo per record (SAM CSV column; `WeatherRecord` has no albedo field). [-]
        public var albedo: [Double]
        /// Cloudiness scale s found by the calibration. [-]
        public var cloudiness: Double
        /// Annual DNI achieved. [J/m²]
        public var annualDNI: Double
    }

    /// Generates the year and calibrates the cloudiness scale so its annual DNI is within `tolerance`
    /// (relative) of `target`.
    /// - Parameters:
    ///   - target: annual DNI to reach. [J/m²]
    ///   - tolerance: accepted relative difference. [-]
    ///   - threads: concurrent slices for the sun positions; results do not depend on it. [-]
    public func calibrated(annualDNI target: Double = SyntheticWeather.delinghaAnnualDNI, tolerance: Double = 0.002,
                           threads: Int? = nil) throws -> Calibrated {
        try validate()
        guard target.isFinite, target > 0 else { throw InputError(description: "target annual DNI must be positive") }
        let sky = try clearSky(threads: threads)
        let noise = Noise(seed: seed, persistence: climate.persistence)
        func dni(_ s: Double) -> Double { annualDNI(cloudiness: s, sky: sky, noise: noise) }
        var lo = 0.0, hi = maxCloudiness
        let dLo = dni(lo), dHi = dni(hi)
        guard dLo >= target * (1 - tolerance) else {
            throw InputError(description: String(format: "even with no clouds the year has only %.0f kWh/m² DNI",
                                                 dLo / 3.6e6))
        }
        guard dHi <= target * (1 + tolerance) else {
            throw InputError(description: String(format: "even at maximum cloudiness the year has %.0f kWh/m² DNI",
                                                 dHi / 3.6e6))
        }
        var best = (s: lo, error: abs(dLo - target))
        if abs(dHi - target) < best.error { best = (hi, abs(dHi - target)) }
        for _ in 0..<60 where best.error > target * tolerance {
            let mid = 0.5 * (lo + hi)
            let d = dni(mid)
            if abs(d - target) < best.error { best = (mid, abs(d - target)) }
            if d > target { lo = mid } else { hi = mid }
        }
        guard best.error <= target * tolerance else {
            throw InputError(description: String(format: "calibration reached only %.2f %% of the target annual DNI",
                                                 100 * best.error / target))
        }
        let (weather, albedo) = generate(cloudiness: best.s, sky: sky, noise: noise)
        return Calibrated(weather: weather, albedo: albedo, cloudiness: best.s, annualDNI: weather.annualDNI)
    }

    /// Generates the year with a given cloudiness scale (no calibration).
    /// - Parameter cloudiness: scale s: clear-day probability P becomes P^s. [-]
    public func generate(cloudiness: Double, threads: Int? = nil) throws -> (weather: WeatherYear, albedo: [Double]) {
        try validate()
        guard cloudiness.isFinite, (0...maxCloudiness).contains(cloudiness) else {
            throw InputError(description: "cloudiness must be within 0…\(maxCloudiness)")
        }
        return generate(cloudiness: cloudiness, sky: try clearSky(threads: threads), noise: Noise(seed: seed, persistence: climate.persistence))
    }

    // MARK: - Internals

    static let hoursPerYear = 8760
    static let subSteps = 6
    static let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// Largest cloudiness scale searched (P(clear)^s: 0.5^10 ≈ 0.001). [-]
    let maxCloudiness = 10.0

    func validate() throws {
        let c = climate
        let monthly: [(String, [Double])] = [
            ("linkeTurbidity", c.linkeTurbidity), ("meanTemperature", c.meanTemperature),
            ("meanDewPoint", c.meanDewPoint), ("clearDaySwing", c.clearDaySwing), ("meanWindSpeed", c.meanWindSpeed),
            ("partlyCloudyProbability", c.partlyCloudyProbability), ("overcastProbability", c.overcastProbability),
            ("albedo", c.albedo),
        ]
        for (name, values) in monthly {
            guard values.count == 12 else { throw InputError(description: "\(name): expected 12 monthly values") }
            guard values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw InputError(description: "\(name): values must be finite and non-negative")
            }
        }
        guard c.linkeTurbidity.allSatisfy({ $0 >= 1 }) else { throw InputError(description: "linkeTurbidity must be ≥ 1") }
        guard (0..<12).allSatisfy({ c.partlyCloudyProbability[$0] + c.overcastProbability[$0] > 0
                                     && c.partlyCloudyProbability[$0] + c.overcastProbability[$0] < 1 }) else {
            throw InputError(description: "each month needs a cloudy-day probability strictly between 0 and 1")
        }
        guard (0..<1).contains(c.persistence) else { throw InputError(description: "persistence must be in 0..<1") }
        guard (-90...90).contains(site.latitude), (-180...180).contains(site.longitude),
              (-500...9000).contains(site.elevation) else {
            throw InputError(description: "site latitude/longitude/elevation out of range")
        }
        guard !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) else {
            throw InputError(description: "year \(year) is a leap year; a typical year has 8760 hours")
        }
    }

    /// Hour-averaged clear-sky irradiance and sun for each hour of the year.
    struct ClearSkyHours {
        var dni: [Double]
        /// Beam on the horizontal, mean of DNI·cos z. [W/m²]
        var beamHorizontal: [Double]
        var ghi: [Double]
        var dhi: [Double]
        /// Solar time at the hour's midpoint. [h]
        var solarHour: [Double]
    }

    /// Day of year (0-based) and month (0-based) of each day.
    static let dayMonth: [Int] = (0..<12).flatMap { m in Array(repeating: m, count: daysInMonth[m]) }

    func clearSky(threads: Int?) throws -> ClearSkyHours {
        let n = Self.hoursPerYear, k = Self.subSteps
        let yearStart = Double(SolarPositionAlgorithm.daysSinceEpoch(year: year, month: 1, day: 1)) * 86_400
            - site.utcOffset * 3600
        let pressure = Self.standardPressure(elevation: site.elevation)
        let deltaT = SolarPositionAlgorithm.deltaTEspenakMeeus(year: year, month: 7)
        var instants: [SunTable.Instant] = []
        instants.reserveCapacity(n * k)
        for h in 0..<n {
            let month = Self.dayMonth[h / 24]
            for j in 0..<k {
                instants.append(SunTable.Instant(utc: yearStart + Double(h) * 3600 + (Double(j) + 0.5) * 3600 / Double(k),
                                                 pressure: pressure, temperature: climate.meanTemperature[month],
                                                 deltaT: deltaT))
            }
        }
        let sun: [SunPosition]
        do {
            sun = try SunTable.positions(instants, latitude: site.latitude, longitude: site.longitude,
                                         elevation: site.elevation, threads: threads)
        } catch let e as SunTable.InputError {
            throw InputError(description: "sun positions: \(e)")
        }
        var out = ClearSkyHours(dni: [], beamHorizontal: [], ghi: [], dhi: [], solarHour: [])
        for h in 0..<n {
            let month = Self.dayMonth[h / 24]
            var dni = 0.0, beamH = 0.0, ghi = 0.0, dhi = 0.0
            for j in 0..<k {
                let p = sun[h * k + j]
                let c = ClearSkyIrradiance.ineichenPerez(zenith: p.zenith, linkeTurbidity: climate.linkeTurbidity[month],
                                                         elevation: site.elevation, earthSunDistance: p.earthSunDistance)
                dni += c.dni
                beamH += c.dni * max(0, cos(p.zenith))
                ghi += c.ghi
                dhi += c.dhi
            }
            let mid = sun[h * k + k / 2]
            out.dni.append(dni / Double(k))
            out.beamHorizontal.append(beamH / Double(k))
            out.ghi.append(ghi / Double(k))
            out.dhi.append(dhi / Double(k))
            // Local standard time of the midpoint + longitude correction + equation of time.
            let solar = Double(h % 24) + 0.5 + (site.longitude - 15 * site.utcOffset) / 15 + mid.equationOfTime / 3600
            out.solarHour.append(solar)
        }
        return out
    }

    /// All random numbers of the year, drawn once in a fixed order so that every cloudiness scale uses the
    /// same draws (common random numbers: annual DNI varies smoothly with the scale).
    struct Noise {
        var dayState: [Double], dayClear: [Double], dayPartlyMean: [Double]
        var dayTemperature: [Double], dayDewPoint: [Double], dayPressure: [Double], daySwing: [Double]
        var hourCloud: [Double], hourOvercast: [Double], hourJitter: [Double], hourWind: [Double], hourDirection: [Double]

        init(seed: UInt64, persistence: Double) {
            var rng = SplitMix64(seed: seed)
            let days = 365, hours = SyntheticWeather.hoursPerYear
            func uniforms(_ n: Int) -> [Double] { (0..<n).map { _ in rng.uniform() } }
            func normals(_ n: Int) -> [Double] { (0..<n).map { _ in rng.normal() } }
            // Latent AR(1) for day-type persistence, as uniforms u = Φ(z).
            let rho = persistence
            var z = 0.0
            dayState = normals(days).enumerated().map { i, e in
                z = i == 0 ? e : rho * z + (1 - rho * rho).squareRoot() * e
                return 0.5 * erfc(-z / 2.0.squareRoot())
            }
            dayClear = uniforms(days)
            dayPartlyMean = uniforms(days)
            dayTemperature = normals(days)
            dayDewPoint = normals(days)
            dayPressure = normals(days)
            daySwing = normals(days)
            hourCloud = normals(hours)
            hourOvercast = uniforms(hours)
            hourJitter = normals(hours)
            hourWind = normals(hours)
            hourDirection = normals(hours)
        }
    }

    enum DayType: Int { case clear, partly, overcast }

    /// Partly-cloudy and overcast probabilities of a month under cloudiness s: the clear-day probability
    /// becomes P(clear)^s and the cloudy remainder keeps the month's partly : overcast ratio (s = 1: table).
    func probabilities(month m: Int, cloudiness s: Double) -> (partly: Double, overcast: Double) {
        let p = climate.partlyCloudyProbability[m], o = climate.overcastProbability[m]
        let cloudy = 1 - pow(1 - p - o, s)
        return (cloudy * p / (p + o), cloudy * o / (p + o))
    }

    /// Day types of the year for cloudiness scale s: a latent daily AR(1) Gaussian z (persistence ρ),
    /// mapped to u = Φ(z) and thresholded at the month's overcast and partly-cloudy probabilities × s.
    /// Each day's type depends only on its own u, so raising s only ever turns days cloudier (annual DNI
    /// falls monotonically with s) while monthly frequencies and day-to-day persistence are kept.
    func dayTypes(cloudiness s: Double, noise: Noise) -> [DayType] {
        (0..<365).map { d in
            let m = Self.dayMonth[d]
            let (pP, pO) = probabilities(month: m, cloudiness: s)
            let u = noise.dayState[d]
            return u < pO ? .overcast : (u < pO + pP ? .partly : .clear)
        }
    }

    /// Per-day beam factor on clear sky (dust, haze and thin cirrus beyond the Linke climatology):
    /// 0.78–0.98, dustier (0.70–0.95) in spring (March–May). [-]
    func dayBeamFactor(_ d: Int, noise: Noise) -> Double {
        let m = Self.dayMonth[d]
        return (2...4).contains(m) ? 0.70 + 0.25 * noise.dayClear[d] : 0.78 + 0.20 * noise.dayClear[d]
    }

    /// Hourly beam fraction k = DNI / clear-sky DNI, and cloud cover c, for the whole year.
    func beamFractions(types: [DayType], noise: Noise) -> (k: [Double], cover: [Double]) {
        var k = [Double](repeating: 0, count: Self.hoursPerYear)
        var cover = [Double](repeating: 0, count: Self.hoursPerYear)
        var c = 0.5
        for d in 0..<365 {
            let kDay = dayBeamFactor(d, noise: noise)
            let mean = 0.25 + 0.5 * noise.dayPartlyMean[d]
            if d == 0 || types[d - 1] != .partly { c = mean }
            for hh in 0..<24 {
                let h = d * 24 + hh
                switch types[d] {
                case .clear:
                    k[h] = min(1, kDay * (1 + 0.02 * noise.hourJitter[h]))
                    cover[h] = 0
                case .partly:
                    c = min(1, max(0, mean + 0.75 * (c - mean) + 0.25 * noise.hourCloud[h]))
                    k[h] = kDay * (1 - c)
                    cover[h] = c
                case .overcast:
                    let u = noise.hourOvercast[h]
                    k[h] = kDay * 0.15 * u * u
                    cover[h] = 1
                }
            }
        }
        return (k, cover)
    }

    func annualDNI(cloudiness s: Double, sky: ClearSkyHours, noise: Noise) -> Double {
        let (k, _) = beamFractions(types: dayTypes(cloudiness: s, noise: noise), noise: noise)
        var sum = 0.0
        for h in 0..<Self.hoursPerYear { sum += (k[h] * sky.dni[h]).rounded() * 3600 }
        return sum
    }

    /// Standard-atmosphere pressure at an elevation, ISO 2533 troposphere. [Pa]
    public static func standardPressure(elevation: Double) -> Double {
        101_325 * pow(1 - 2.25577e-5 * elevation, 5.25588)
    }

    /// Saturation vapour pressure over water, Magnus form (Alduchov & Eskridge 1996). [Pa]
    /// - Parameter t: temperature. [K]
    static func saturationPressure(_ t: Double) -> Double {
        let c = t - 273.15
        return 610.94 * exp(17.625 * c / (c + 243.04))
    }

    /// Daily values from a monthly table: piecewise linear through mid-month points (cyclic), with the
    /// mid-month points adjusted (fixed-point iteration) so each month's mean equals the table value.
    static func dailyProfile(_ table: [Double]) -> [Double] {
        var mids: [Double] = []
        var start = 0
        for m in 0..<12 { mids.append(Double(start) + Double(daysInMonth[m]) / 2); start += daysInMonth[m] }
        func profile(_ nodes: [Double]) -> [Double] {
            (0..<365).map { d in
                let x = Double(d) + 0.5
                var i = 11
                while i >= 0 && mids[i] > x { i -= 1 }
                let (a, b, xa, xb): (Double, Double, Double, Double)
                if i < 0 {
                    (a, b, xa, xb) = (nodes[11], nodes[0], mids[11] - 365, mids[0])
                } else if i == 11 {
                    (a, b, xa, xb) = (nodes[11], nodes[0], mids[11], mids[0] + 365)
                } else {
                    (a, b, xa, xb) = (nodes[i], nodes[i + 1], mids[i], mids[i + 1])
                }
                return a + (b - a) * (x - xa) / (xb - xa)
            }
        }
        var nodes = table
        for _ in 0..<30 {
            let means = monthlyMeans(profile(nodes))
            for m in 0..<12 { nodes[m] += table[m] - means[m] }
        }
        return profile(nodes)
    }

    /// Mean of daily values per month.
    static func monthlyMeans(_ daily: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: 12)
        for d in 0..<365 { sums[dayMonth[d]] += daily[d] }
        return (0..<12).map { sums[$0] / Double(daysInMonth[$0]) }
    }

    /// Removes each month's mean from daily values (the monthly means then come from the climate table).
    static func removingMonthlyMeans(_ daily: [Double]) -> [Double] {
        let means = monthlyMeans(daily)
        return (0..<365).map { daily[$0] - means[dayMonth[$0]] }
    }

    func generate(cloudiness s: Double, sky: ClearSkyHours, noise: Noise) -> (weather: WeatherYear, albedo: [Double]) {
        let types = dayTypes(cloudiness: s, noise: noise)
        let (k, cover) = beamFractions(types: types, noise: noise)
        let c = climate
        // Daily AR(1) anomalies; together with the day-type offsets they are made zero-mean within each
        // month, so monthly mean temperature and dew point follow the climate table.
        var tAnom = [Double](repeating: 0, count: 365), dAnom = tAnom, pAnom = tAnom
        var ta = 0.0, da = 0.0, pa = 0.0
        for d in 0..<365 {
            let m = Self.dayMonth[d]
            let sigmaT = (m <= 1 || m >= 10) ? 3.5 : 2.5
            ta = 0.7 * ta + sqrt(1 - 0.49) * sigmaT * noise.dayTemperature[d]
            da = 0.6 * da + sqrt(1 - 0.36) * 3.0 * noise.dayDewPoint[d]
            pa = 0.8 * pa + sqrt(1 - 0.64) * 250 * noise.dayPressure[d]
            tAnom[d] = ta + [0.0, 0.0, -0.8][types[d].rawValue]
            dAnom[d] = da + [0.0, 1.0, 3.0][types[d].rawValue]
            pAnom[d] = pa
        }
        tAnom = Self.removingMonthlyMeans(tAnom)
        dAnom = Self.removingMonthlyMeans(dAnom)
        let tProfile = Self.dailyProfile(c.meanTemperature)
        let dProfile = Self.dailyProfile(c.meanDewPoint)
        let swingProfile = Self.dailyProfile(c.clearDaySwing)
        let windProfile = Self.dailyProfile(c.meanWindSpeed)
        let p0 = Self.standardPressure(elevation: site.elevation)
        let yearStart = Double(SolarPositionAlgorithm.daysSinceEpoch(year: year, month: 1, day: 1)) * 86_400
            - site.utcOffset * 3600
        var records: [WeatherRecord] = []
        var albedo: [Double] = []
        records.reserveCapacity(Self.hoursPerYear)
        var wind = 0.0, direction = 0.0
        var dayOfMonth = 0, lastMonth = -1
        for d in 0..<365 {
            let m = Self.dayMonth[d]
            if m != lastMonth { dayOfMonth = 0; lastMonth = m }
            dayOfMonth += 1
            let kDay = dayBeamFactor(d, noise: noise)
            let swing = max(3, swingProfile[d] * [1.0, 0.85, 0.6][types[d].rawValue] + 1.0 * noise.daySwing[d])
            let tMean = tProfile[d]
            let dMean = dProfile[d]
            let seasonalP = 200 * cos(2 * Double.pi * (Double(d) - 15) / 365)
            let weibullScale = windProfile[d] / 0.886_226_925_452_758  // Γ(1 + 1/2)
            for hh in 0..<24 {
                let h = d * 24 + hh
                // Anomalies interpolated between this day's and the next day's value to avoid jumps at midnight.
                let w = Double(hh) / 24
                let next = min(d + 1, 364)
                let anomT = tAnom[d] * (1 - w) + tAnom[next] * w
                let anomD = dAnom[d] * (1 - w) + dAnom[next] * w
                let anomP = pAnom[d] * (1 - w) + pAnom[next] * w
                let diurnal = cos(2 * Double.pi * (sky.solarHour[h] - 15) / 24)
                let tDry = ((tMean + anomT + 0.5 * swing * diurnal - 273.15) * 10).rounded() / 10 + 273.15
                let tDewRaw = dMean + anomD
                let tDew = ((min(tDewRaw, tDry - 0.5) - 273.15) * 10).rounded() / 10 + 273.15
                let rh = (100 * Self.saturationPressure(tDew) / Self.saturationPressure(tDry)).rounded() / 100
                let pressure = ((p0 + seasonalP + anomP + 60 * cos(4 * Double.pi * (sky.solarHour[h] - 10) / 24)) / 100)
                    .rounded() * 100
                // Wind: AR(1) Gaussian → Weibull (k = 2) via the normal CDF; afternoon stronger.
                wind = 0.85 * wind + sqrt(1 - 0.7225) * noise.hourWind[h]
                let u = min(1 - 1e-12, 0.5 * erfc(-wind / 2.0.squareRoot()))
                let gustiness = 1 + 0.35 * diurnal
                let speed = (gustiness * weibullScale * (-log(1 - u)).squareRoot() * 10).rounded() / 10
                direction = 0.9 * direction + sqrt(1 - 0.81) * noise.hourDirection[h]
                var dir = (c.prevailingWindDirection + 50 * direction).truncatingRemainder(dividingBy: 360)
                if dir < 0 { dir += 360 }
                // Irradiance.
                let dni = (k[h] * sky.dni[h]).rounded()
                let beamH = sky.dni[h] > 0 ? sky.beamHorizontal[h] * dni / sky.dni[h] : 0
                let cf = cover[h]
                let hazeLoss = (1 - kDay) * sky.beamHorizontal[h]
                let dhi = (sky.dhi[h] * (1 - cf) + sky.ghi[h] * (0.40 * cf + 0.8 * cf * (1 - cf)) + 0.5 * hazeLoss)
                    .rounded()
                let ghi = (beamH + dhi).rounded()
                let start = yearStart + Double(h) * 3600
                records.append(WeatherRecord(
                    start: start, interval: 3600,
                    local: LocalTime(year: year, month: m + 1, day: dayOfMonth, hour: hh),
                    dni: dni, ghi: ghi, dhi: dhi, dryBulb: tDry, dewPoint: tDew, relativeHumidity: min(1, rh),
                    pressure: pressure, windSpeed: speed, windDirection: dir.rounded()))
                albedo.append(c.albedo[m])
            }
        }
        let weather = WeatherYear(site: site, records: records, format: .samCSV, sourcePath: nil, gaps: [],
                                  isTypicalYear: false)
        return (weather, albedo)
    }
}

/// SplitMix64 pseudo-random generator (Steele, Lea & Flood 2014): small, fast, fully determined by its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits. [-]
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal by the Box–Muller transform (one of the pair; deterministic). [-]
    public mutating func normal() -> Double {
        let u1 = 1 - uniform(), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
