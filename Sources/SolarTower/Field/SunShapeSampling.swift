import Foundation

/// How a nominal circumsolar ratio (CSR) becomes Buie's shape parameter χ. Buie's χ is not the CSR its profile
/// actually has (for χ = 0.02 the aureole holds 0.6 % of the energy), and ray tracers differ in the mapping — the
/// main source of spread between the tools of the Wang et al. (2020) benchmark on its Buie cases (its SUMMARY.md).
public enum BuieCSRConvention: String, Sendable, Equatable, CaseIterable {
    /// χ solved (bisection) so that the profile's aureole / total energy within 43.6 mrad equals the CSR.
    case actual
    /// Tonatiuh's χ(CSR) calibration polynomial (three branches, split at CSR 0.035 and 0.145), also used by
    /// SolTrace and Solstice (Tonatiuh `SunshapeBuie` CSR calibration; the same coefficients in NREL SolTrace's and
    /// Méso-Star Solstice's Buie sun). Its profiles have actual CSR 0.0105, 0.0196, 0.0303 for nominal 0.01, 0.02, 0.03.
    case tonatiuh
    /// Tracer's polynomial χ = −2.245e3·CSR⁴ + 5.207e2·CSR³ − 3.939e1·CSR² + 1.891·CSR + 8e−3 (yewang726/Tracer@445a3d9
    /// `tracer/sources.py:287`); Heliosim's benchmark numbers match it to 0.2 %. Actual CSR 0.0091, 0.0216, 0.0318.
    case tracer
    /// The sun the agreed values of Wang et al. (2020) describe: those are the mean of five tracers, three of which
    /// (Tonatiuh, SolTrace, Solstice) use `tonatiuh` and two (Tracer, Heliosim) `tracer`, so the agreed power equals the
    /// power under the energy mixture 3/5 · profile(`tonatiuh`) + 2/5 · profile(`tracer`) (power is linear in the sun's
    /// angular distribution). No fitted parameter: the weights are the tool counts.
    case wang2020Agreed

    /// Profiles making up the sun: (energy weight, Buie's χ). [-]
    public func components(csr: Double) -> [(weight: Double, chi: Double)] {
        switch self {
        case .actual: return [(1, BuieSunShape.chi(forCSR: csr))]
        case .tonatiuh: return [(1, BuieSunShape.chiTonatiuh(csr: csr))]
        case .tracer: return [(1, BuieSunShape.chiTracer(csr: csr))]
        case .wang2020Agreed:
            return [(0.6, BuieSunShape.chiTonatiuh(csr: csr)), (0.4, BuieSunShape.chiTracer(csr: csr))]
        }
    }

    /// Short description for reports.
    public var label: String {
        switch self {
        case .actual: return "actual-CSR convention"
        case .tonatiuh: return "Tonatiuh/SolTrace/Solstice χ(CSR) calibration"
        case .tracer: return "Tracer χ(CSR) polynomial"
        case .wang2020Agreed: return "agreed-mean convention: 3/5 Tonatiuh/SolTrace/Solstice χ(CSR) + 2/5 Tracer/Heliosim χ(CSR), as the five tracers averaged"
        }
    }
}

/// Buie et al. sun shape: limb-darkened disc plus circumsolar aureole.
/// φ(θ) = cos(0.326 θ)/cos(0.308 θ) for θ ≤ 4.65 mrad; φ(θ) = e^κ θ^γ for 4.65 < θ ≤ 43.6 mrad (θ in mrad),
/// κ = 0.9 ln(13.5 χ) χ^−0.3, γ = 2.2 ln(0.52 χ) χ^0.43 − 0.1.
/// Source: Buie, Monger & Dey (2003), Solar Energy 74, 113–122, eqs. 1–4.
/// The nominal CSR becomes χ by a `BuieCSRConvention` (default `.actual`: `csr` is the ACTUAL circumsolar ratio,
/// aureole / total energy within 43.6 mrad, χ solved for by bisection). A convention may mix several profiles
/// (energy-weighted); every statistic below is of the mixture.
public struct BuieSunShape: Sendable {
    /// Nominal circumsolar ratio asked for. [-]
    public let csr: Double
    /// How `csr` was turned into χ.
    public let convention: BuieCSRConvention
    /// Buie's shape parameter χ of the (first) profile. [-]
    public let chi: Double
    /// Fraction of the energy inside the disc (θ ≤ 4.65 mrad). [-]
    public let discEnergy: Double
    /// Per-axis variance of the disc part. [rad²]
    public let discVariance: Double
    /// Per-axis variance of the aureole part. [rad²]
    public let aureoleVariance: Double
    /// Inverse cumulative distribution of the radial angle, tabulated on equal probability steps. [rad]
    let inverseCDF: [Double]
    /// Radial grid of the tabulated distribution: cumulative energy fraction at θ_k = k · 43.6 mrad / `cdfSteps`. [-]
    let cdf: [Double]
    /// Second radial moment ∫θ² dP accumulated on the same grid. [rad²]
    let cumulativeSecondMoment: [Double]
    static let cdfSteps = 20000

    public static let discRadius = 4.65e-3
    public static let outerRadius = 43.6e-3

    public init(csr: Double, convention: BuieCSRConvention = .actual) {
        self.init(components: convention.components(csr: csr), csr: csr, convention: convention)
    }

    /// Tonatiuh's χ(CSR) calibration (see `BuieCSRConvention.tonatiuh`). [-]
    public static func chiTonatiuh(csr: Double) -> Double {
        if csr > 0.145 {
            return -0.04419909985804843 + csr * (1.401323894233574 + csr * (-0.3639746714505299
                + csr * (-0.9579768560161194 + 1.1550475450828657 * csr)))
        }
        if csr > 0.035 {
            return 0.022652077593662934 + csr * (0.5252380349996234 + csr * (2.5484334534423887 - 0.8763755326550412 * csr))
        }
        return 0.004733749294807862 + csr * (4.716738065192151 + csr * (-463.506669149804 + csr * (24745.88727411664
            + csr * (-606122.7511711778 + 5521693.445014727 * csr))))
    }

    /// Tracer's χ(CSR) polynomial (see `BuieCSRConvention.tracer`). [-]
    public static func chiTracer(csr: Double) -> Double {
        8e-3 + csr * (1.891 + csr * (-39.39 + csr * (520.7 - 2245 * csr)))
    }

    /// Aureole energy fraction of Buie's profile with parameter χ. [-]
    public static func aureoleFraction(chi: Double) -> Double {
        let kappa = 0.9 * log(13.5 * chi) * pow(chi, -0.3)
        let gamma = 2.2 * log(0.52 * chi) * pow(chi, 0.43) - 0.1
        // Aureole in closed form; disc by the midpoint rule (θ in mrad).
        let aureole = 2 * Double.pi * exp(kappa) * (pow(43.6, gamma + 2) - pow(4.65, gamma + 2)) / (gamma + 2)
        var disc = 0.0
        let m = 2000, h = 4.65 / Double(m)
        for k in 0..<m { let th = (Double(k) + 0.5) * h; disc += 2 * Double.pi * th * cos(0.326 * th) / cos(0.308 * th) * h }
        return aureole / (aureole + disc)
    }

    /// χ whose profile has the given actual CSR (bisection on log χ; CSR grows monotonically with χ).
    public static func chi(forCSR csr: Double) -> Double {
        let target = min(max(csr, 1e-5), 0.6)
        var lo = log(1e-5), hi = log(0.9)
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if aureoleFraction(chi: exp(mid)) < target { lo = mid } else { hi = mid }
        }
        return exp(0.5 * (lo + hi))
    }

    /// Energy mixture of Buie profiles with the given χ (weights normalised); csr records the nominal value.
    init(components: [(weight: Double, chi: Double)], csr: Double, convention: BuieCSRConvention) {
        self.csr = csr
        self.convention = convention
        self.chi = components.first?.chi ?? 0
        let steps = BuieSunShape.cdfSteps
        let dt = 43.6 / Double(steps)
        // Radial density ∝ φ(θ)·θ of each profile, normalised to its own energy, then weighted.
        var dens = [Double](repeating: 0, count: steps)
        let wsum = components.reduce(0) { $0 + max(0, $1.weight) }
        for comp in components where comp.weight > 0 {
            let kappa = 0.9 * log(13.5 * comp.chi) * pow(comp.chi, -0.3)
            let gamma = 2.2 * log(0.52 * comp.chi) * pow(comp.chi, 0.43) - 0.1
            var p = [Double](repeating: 0, count: steps), e = 0.0
            for k in 0..<steps {
                let th = (Double(k) + 0.5) * dt
                let phi = th <= 4.65 ? cos(0.326 * th) / cos(0.308 * th) : exp(kappa) * pow(th, gamma)
                p[k] = phi * th * dt; e += p[k]
            }
            for k in 0..<steps { dens[k] += comp.weight / wsum * p[k] / e }
        }
        var cdf = [Double](repeating: 0, count: steps + 1), m2c = cdf
        var eDisc = 0.0, m2Disc = 0.0, eAll = 0.0, m2All = 0.0
        for k in 0..<steps {
            let th = (Double(k) + 0.5) * dt
            let p = dens[k]
            cdf[k + 1] = cdf[k] + p
            m2c[k + 1] = m2c[k] + p * th * th * 1e-6
            eAll += p; m2All += p * th * th
            if th <= 4.65 { eDisc += p; m2Disc += p * th * th }
        }
        self.cdf = cdf.map { $0 / eAll }
        cumulativeSecondMoment = m2c.map { $0 / eAll }
        discEnergy = eDisc / eAll
        discVariance = m2Disc / eDisc * 1e-6 / 2
        let aE = eAll - eDisc
        aureoleVariance = aE > 0 ? (m2All - m2Disc) / aE * 1e-6 / 2 : discVariance
        // Invert the CDF on 4096 equal-probability steps.
        let m = 4096
        var inv = [Double](repeating: 0, count: m + 1)
        var k = 0
        for q in 0...m {
            let target = Double(q) / Double(m) * eAll
            while k < steps && cdf[k + 1] < target { k += 1 }
            let lo = cdf[k], hi = cdf[min(steps, k + 1)]
            let f = hi > lo ? (target - lo) / (hi - lo) : 0
            inv[q] = (Double(k) + f) * dt * 1e-3
        }
        inverseCDF = inv
    }

    /// Radial angle from the sun centre for a uniform deviate u ∈ [0, 1). [rad]
    @inline(__always) func sampleAngle(_ u: Double) -> Double {
        let x = u * Double(inverseCDF.count - 1)
        let k = min(Int(x), inverseCDF.count - 2)
        let f = x - Double(k)
        return inverseCDF[k] + f * (inverseCDF[k + 1] - inverseCDF[k])
    }
}

/// xoshiro256** pseudo-random generator (Blackman & Vigna 2018), seeded through SplitMix64.
/// A value type: every parallel slice owns its own stream, so results do not depend on threads.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Stream `stream` of generator `seed` (streams are decorrelated by SplitMix64 hashing).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var x = seed &+ stream &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    @inline(__always) public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always) public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Two independent standard normal deviates (Box–Muller).
    @inline(__always) public mutating func normalPair() -> (Double, Double) {
        let u1 = 1 - uniform(), u2 = uniform()
        let r = (-2 * log(u1)).squareRoot()
        let a = 2 * Double.pi * u2
        return (r * cos(a), r * sin(a))
    }
}
