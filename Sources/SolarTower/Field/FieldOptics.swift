import Foundation

/// Energy-weighted optical efficiency chain of a field. Each factor is the ratio of successive stages,
/// so `total` is their product. [-]
public struct FieldEfficiencyComponents: Sendable, Equatable {
    /// Mean cosine of incidence on the mirrors (weighted by reflective area). [-]
    public var cosine: Double = 0
    /// Fraction not lost to shading by neighbours. [-]
    public var shading: Double = 0
    /// Fraction of the reflected light not blocked by neighbours. [-]
    public var blocking: Double = 0
    /// Atmospheric transmittance between mirrors and receiver. [-]
    public var attenuation: Double = 0
    /// Fraction of the reflected image that falls on the receiver. [-]
    public var intercept: Double = 0
    /// Mirror reflectance × cleanliness. [-]
    public var reflectance: Double = 0
    /// Heliostat availability. [-]
    public var availability: Double = 0

    public init() {}

    /// Field efficiency: power on receiver / (DNI × reflective area). [-]
    public var total: Double { cosine * shading * blocking * attenuation * intercept * reflectance * availability }

    /// Builds the chain from cumulative sums s[0] = Σ A, s[1] = Σ A·cos, …, s[6] = Σ … ·ρ.
    init(cumulative s: [Double], availability: Double) {
        func r(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
        cosine = r(s[1], s[0]); shading = r(s[2], s[1]); blocking = r(s[3], s[2]); attenuation = r(s[4], s[3])
        intercept = r(s[5], s[4]); reflectance = r(s[6], s[5]); self.availability = s[6] > 0 ? availability : 0
    }
}

/// Per-hour field optics over a series of weather records.
public struct FieldYearResult: Sendable {
    /// Field efficiency each hour (0 when stowed or dark). [-]
    public var efficiency: [Double]
    /// Efficiency chain each hour.
    public var components: [FieldEfficiencyComponents]
    /// Power on the receiver each hour. [W]
    public var powerOnReceiver: [Double]
    /// True where the field was stowed (sun below the stow elevation or wind above the stow speed).
    public var stowed: [Bool]
    /// Energy-weighted chain over the whole series (hours with the field tracking).
    public var annual: FieldEfficiencyComponents
    /// Energy on the receiver over the series. [J]
    public var energyOnReceiver: Double
    /// DNI × reflective area over tracking hours. [J]
    public var energyOnMirrors: Double
    /// Per heliostat: DNI × its reflective area over tracking hours. [J]
    public var heliostatIncident: [Double]
    /// Per heliostat: energy-weighted chain over the series.
    public var heliostatComponents: [FieldEfficiencyComponents]
    /// Per heliostat: energy it put on the receiver. [J]
    public var heliostatDelivered: [Double]
}

/// Analytical heliostat-field optics, per heliostat and per hour: cosine, shading and blocking from
/// projected neighbour outlines, Barstow/Vittitow–Biggs attenuation, HFLCAL intercept, reflectance,
/// availability and stow.
///
/// Shading and blocking: each neighbour's outline is projected along the sun ray (shading) or the
/// reflected ray (blocking) onto the heliostat's plane and the union of the overlaps is taken (capped at the
/// outline); cf. Sassi (1983) and SolarPILOT's reference manual (Wagner 2018, NREL/TP-6A20-70520). Shading uses the
/// neighbour's own orientation that hour (normal = bisector of the sun and its aim direction; the projected
/// parallelogram replaced by the box of equal second moments — known error: on the Wang et al. (2020) field in the
/// morning this overstates shading by 17 kW of 1,789 kW (Qshade+cos 19,735.8 kW against 19,718.7 kW from an independent
/// point-sampled projection of the exact parallelograms); keeping the parallelograms exactly (clipping and union) cost
/// 25–35 % more CPU in the annual kernel, so the box stays). Blocking assumes the same orientation but follows
/// the focused mirror's rays converging on the aim point (central projection from the aim point: the parallel
/// projection scaled by 1/(1 − λ/f), λ the neighbour's distance along the ray) — on the Wang et al. (2020) field
/// this lowers blocking from 680/638 kW to 567/292 kW (agreed 564/361). Intercept: astigmatic image ⊗ error cone
/// (`intercept`; Schwarzbözl, Schmitz & Pitz-Paal 2009, Solar Energy 83, §2.3; Collado 2010) integrated over the
/// receiver's silhouette seen along the reflected ray (diameter × height·cos α).
public struct FieldOptics: Sendable {
    public let spec: FieldSpec
    public let neighbours: NeighbourLists
    // Per-heliostat constants (structure of arrays).
    let tx: [Double], ty: [Double], tz: [Double]   // unit vector heliostat → aim point
    let slant: [Double]                          // [m]
    let transmittance: [Double]
    let area: [Double], outlineArea: [Double]
    let halfW: [Double], halfH: [Double]
    let rho: [Double]
    let halfRecW: Double, halfRecH: [Double]      // silhouette half sizes [m]
    let angularVar: [Double]                     // per heliostat: (2σ_slope)² + (2σ_track)² [rad²]
    let focusRatio: [Double]                     // d / f: 1 focused at slant range, 0 flat
    let sunComponents: [(weight: Double, variance: Double)]
    let nbHalfW: [Double], nbHalfH: [Double]      // neighbour outline half sizes, per neighbour entry
    /// Per neighbour entry: |p|² − (r_i + r_j)², r = half-diagonal. A sun ray through j can reach i only if
    /// (p·s)² ≥ this and p·s > 0 (the line through i's centre along s passes within r_i + r_j of j's centre). [m²]
    let nbReach: [Double]
    /// Shading candidates, per heliostat: first the near neighbours (always tested), then the far ones sorted
    /// by the azimuth of their offset; only far ones within `shWindow[i]` of the sun's azimuth can shade
    /// (conservative: |Δaz| ≤ acos(cos β − |sin e_p|), sin β = (r_i + r_j)/|p|, e_p the offset's elevation).
    let shStart: [Int], shFar: [Int], shDx: [Double], shDy: [Double], shDz: [Double], shHalfW: [Double],
        shHalfH: [Double], shReach: [Double], shPhi: [Double], shWindow: [Double]
    /// Per shading / blocking candidate entry: the neighbour's own unit vector towards its aim point (its mirror
    /// normal each hour is the bisector of the sun and this vector; used for shading, the blocking entries are kept for callers).
    let shTx: [Double], shTy: [Double], shTz: [Double], blTx: [Double], blTy: [Double], blTz: [Double]
    /// Per candidate entry: 2|t_j − t_i|, a bound on how far the neighbour's normal can turn from this heliostat's,
    /// times 2c² (|m_j − m_i| ≲ |t_j − t_i|/(2c)); used to pre-select candidates before projecting their own outline.
    let shTD: [Double], blTD: [Double]
    /// Blocking candidates (static: the reflected direction is fixed): neighbours near the line from i towards
    /// its aim point, in front of it. CSR over heliostats; offsets [m] and half sizes [m].
    let blStart: [Int], blDx: [Double], blDy: [Double], blDz: [Double], blHalfW: [Double], blHalfH: [Double]
    /// Intercept is tabulated per heliostat on this many equal steps of the incidence cosine (0…1).
    static let interceptTableSteps = 32
    /// … and on this many steps of f = (e_in·h)² (0…1).
    static let interceptTableFSteps = 4

    /// Precomputes aim points, slant ranges, attenuation and neighbour lists. Throws if the spec is invalid.
    public init(spec: FieldSpec) throws {
        try spec.validate()
        self.spec = spec
        let L = spec.layout, n = L.count
        let maxDiag = spec.classes.map(\.diagonal).max() ?? 1
        neighbours = NeighbourLists(layout: L, radius: spec.neighbourRadiusFactor * maxDiag)
        let R = spec.receiver.diameter / 2
        halfRecW = R
        var tx = [Double](repeating: 0, count: n), ty = tx, tz = tx, slant = tx, tr = tx, area = tx, oa = tx
        var hw = tx, hh = tx, rho = tx, hrh = tx, av = tx, fr = tx
        for i in 0..<n {
            let c = spec.classes[L.classIndex[i]]
            let a = FieldOptics.aimPoint(x: L.x[i], y: L.y[i], receiver: spec.receiver)
            let dx = a.x - L.x[i], dy = a.y - L.y[i], dz = a.z - L.z[i]
            let d = (dx * dx + dy * dy + dz * dz).squareRoot()
            tx[i] = dx / d; ty[i] = dy / d; tz[i] = dz / d; slant[i] = d
            tr[i] = spec.attenuation.transmittance(slantRange: d)
            area[i] = c.reflectiveArea; oa[i] = c.width * c.height
            hw[i] = c.width / 2; hh[i] = c.height / 2
            rho[i] = c.reflectance * c.cleanliness
            hrh[i] = spec.receiver.height / 2 * (tx[i] * tx[i] + ty[i] * ty[i]).squareRoot()
            av[i] = 4 * c.slopeError * c.slopeError + 4 * c.trackingError * c.trackingError
            fr[i] = c.focusing == .flat ? 0 : 1
        }
        self.tx = tx; self.ty = ty; self.tz = tz; self.slant = slant; transmittance = tr
        self.area = area; outlineArea = oa; halfW = hw; halfH = hh; self.rho = rho; halfRecH = hrh
        angularVar = av; focusRatio = fr
        sunComponents = FieldOptics.gaussianMixture(spec.sunShape)
        var nw = [Double](repeating: 0, count: neighbours.index.count), nh = nw
        for k in 0..<nw.count {
            let j = Int(neighbours.index[k]); nw[k] = hw[j]; nh[k] = hh[j]
        }
        nbHalfW = nw; nbHalfH = nh
        var reach = [Double](repeating: 0, count: neighbours.index.count)
        var bs = [Int](repeating: 0, count: n + 1)
        var bdx: [Double] = [], bdy: [Double] = [], bdz: [Double] = [], bhw: [Double] = [], bhh: [Double] = []
        var btx: [Double] = [], bty: [Double] = [], btz: [Double] = [], btd: [Double] = []
        for i in 0..<n {
            let ri = (hw[i] * hw[i] + hh[i] * hh[i]).squareRoot()
            for q in Int(neighbours.start[i])..<Int(neighbours.start[i + 1]) {
                let rj = (nw[q] * nw[q] + nh[q] * nh[q]).squareRoot()
                let px = neighbours.dx[q], py = neighbours.dy[q], pz = neighbours.dz[q]
                let p2 = px * px + py * py + pz * pz
                reach[q] = p2 - (ri + rj) * (ri + rj)
                let pt = px * tx[i] + py * ty[i] + pz * tz[i]
                if pt > 0 && pt * pt >= reach[q] {
                    bdx.append(px); bdy.append(py); bdz.append(pz); bhw.append(nw[q]); bhh.append(nh[q])
                    let j = Int(neighbours.index[q])
                    btx.append(tx[j]); bty.append(ty[j]); btz.append(tz[j])
                    btd.append(2 * ((tx[j] - tx[i]) * (tx[j] - tx[i]) + (ty[j] - ty[i]) * (ty[j] - ty[i]) + (tz[j] - tz[i]) * (tz[j] - tz[i])).squareRoot())
                }
            }
            bs[i + 1] = bdx.count
        }
        nbReach = reach
        let NB = neighbours
        var ss = [Int](repeating: 0, count: n + 1), sf = [Int](repeating: 0, count: n), sw = [Double](repeating: 0, count: n)
        var sdx: [Double] = [], sdy: [Double] = [], sdz: [Double] = [], shw: [Double] = [], shh: [Double] = []
        var sre: [Double] = [], sphi: [Double] = [], stx: [Double] = [], sty: [Double] = [], stz: [Double] = [], std: [Double] = []
        sdx.reserveCapacity(reach.count); sdy.reserveCapacity(reach.count); sdz.reserveCapacity(reach.count)
        for i in 0..<n {
            var far: [(phi: Double, q: Int)] = []
            var window = 0.0
            func append(_ q: Int, _ phi: Double) {
                sdx.append(NB.dx[q]); sdy.append(NB.dy[q]); sdz.append(NB.dz[q])
                shw.append(nw[q]); shh.append(nh[q]); sre.append(reach[q]); sphi.append(phi)
                let j = Int(NB.index[q])
                stx.append(tx[j]); sty.append(ty[j]); stz.append(tz[j])
                std.append(2 * ((tx[j] - tx[i]) * (tx[j] - tx[i]) + (ty[j] - ty[i]) * (ty[j] - ty[i]) + (tz[j] - tz[i]) * (tz[j] - tz[i])).squareRoot())
            }
            for q in Int(NB.start[i])..<Int(NB.start[i + 1]) {
                let px = NB.dx[q], py = NB.dy[q], pz = NB.dz[q]
                let pl = (px * px + py * py + pz * pz).squareRoot()
                let rsum = (pl * pl - reach[q]).squareRoot()          // r_i + r_j
                if pl > 2.5 * rsum {
                    let cosBeta = (1 - rsum * rsum / (pl * pl)).squareRoot()
                    let w = acos(max(-1, cosBeta - abs(pz) / pl))
                    if w < 0.9 {
                        far.append((atan2(px, py), q)); window = max(window, w); continue
                    }
                }
                append(q, 0)
            }
            sf[i] = sdx.count
            far.sort { $0.phi != $1.phi ? $0.phi < $1.phi : $0.q < $1.q }
            for e in far { append(e.q, e.phi) }
            ss[i + 1] = sdx.count
            sw[i] = window + 1e-9
        }
        shStart = ss; shFar = sf; shWindow = sw; shDx = sdx; shDy = sdy; shDz = sdz; shHalfW = shw; shHalfH = shh
        shReach = sre; shPhi = sphi
        shTx = stx; shTy = sty; shTz = stz; blTx = btx; blTy = bty; blTz = btz; shTD = std; blTD = btd
        blStart = bs; blDx = bdx; blDy = bdy; blDz = bdz; blHalfW = bhw; blHalfH = bhh
    }

    /// Aim point: the point of the receiver's surface facing the heliostat, at mid-height. [m]
    public static func aimPoint(x: Double, y: Double, receiver: ReceiverGeometry) -> (x: Double, y: Double, z: Double) {
        let r = (x * x + y * y).squareRoot()
        let R = receiver.diameter / 2
        if r <= R { return (0, 0, receiver.opticalHeight) }
        return (x / r * R, y / r * R, receiver.opticalHeight)
    }

    /// Sun shape as a mixture of circular normals (weight, per-axis variance [rad²]).
    /// Pillbox of half-angle δ: variance δ²/4. Buie: the disc (θ ≤ 4.65 mrad) and the aureole
    /// (to 43.6 mrad) each replaced by a normal of the same second moment, weighted by their energy.
    static func gaussianMixture(_ s: SunShape) -> [(weight: Double, variance: Double)] {
        switch s {
        case let .pillbox(d): return [(1, d * d / 4)]
        case let .gaussian(sig): return [(1, sig * sig)]
        case let .buie(csr, convention):
            let b = BuieSunShape(csr: csr, convention: convention)
            return [(b.discEnergy, b.discVariance), (1 - b.discEnergy, b.aureoleVariance)]
        }
    }

    /// HFLCAL-type intercept of one heliostat on the receiver silhouette. [-]
    ///
    /// Image = astigmatic image of the focused mirror ⊗ error cone (Schwarzbözl, Schmitz & Pitz-Paal 2009, Solar
    /// Energy 83, §2.3; Collado 2010, Solar Energy 84, eqs. 6–9), per sun-shape component:
    /// - error cone, a circular normal per sun-shape component (variance D²σ²_sun), plus mirror normal errors
    ///   (slope, tracking) transferred anisotropically: 2σ in the plane of incidence and 2σ·cos ω across it
    ///   (reflection law: δr = 2[(s·δn)n + (s·n)δn]);
    /// - astigmatism: a mirror of side d focused at f, seen at incidence ω from slant range D, images the sun's
    ///   centre as the rectangle H_t × W_s with H_t = d·|D/f − cos ω| (plane of incidence) and
    ///   W_s = d·|D/f·cos ω − 1| (across it) (Schwarzbözl et al. 2009; Collado 2010, eq. 9). HFLCAL folds this into
    ///   a circular normal of variance (H_t² + W_s²)/32; here it stays a uniform rectangle (the mirror maps
    ///   linearly onto the image: variance H_t²/12 and W_s²/12, a third more than HFLCAL's), projected on the
    ///   receiver's horizontal and vertical axes as a uniform interval of equal variance per axis and convolved
    ///   with the error cone in closed form (`uniformNormalInterval`).
    /// The intercept is the product of the two axes' probabilities over the silhouette 2R × H·cos α.
    /// - Parameters: cosIncidence c = cos ω [-]; inPlaneHorizontal f = (e_in·h)², the squared horizontal
    ///   component of the plane-of-incidence direction in the image plane [-].
    @inline(__always)
    func intercept(_ i: Int, cosIncidence c: Double, inPlaneHorizontal f: Double = 0.5) -> Double {
        let d = slant[i]
        let q = focusRatio[i]
        let side2 = outlineArea[i]
        let ht2 = side2 * (q - c) * (q - c), ws2 = side2 * (q * c - 1) * (q * c - 1)   // H_t², W_s² [m²]
        // Half-widths of uniform intervals with the projected astigmatic variances (W²/12 → a = W/2).
        let ah = 0.5 * (ht2 * f + ws2 * (1 - f)).squareRoot(), av = 0.5 * (ht2 * (1 - f) + ws2 * f).squareRoot()
        let err = d * d * angularVar[i]
        let sin2 = 1 - c * c
        let errH = err * (c * c + sin2 * f), errV = err * (c * c + sin2 * (1 - f))
        var s = 0.0
        for comp in sunComponents {
            let sun = d * d * comp.variance
            s += comp.weight * FieldOptics.uniformNormalInterval(halfLength: halfRecW, halfWidth: ah, sigma: (sun + errH).squareRoot())
                * FieldOptics.uniformNormalInterval(halfLength: halfRecH[i], halfWidth: av, sigma: (sun + errV).squareRoot())
        }
        return s
    }

    /// Probability that X + Y lies in [−R, R] for X uniform on [−a, a] and Y normal(0, σ²): the 1-D intercept of
    /// an astigmatic (uniform) image convolved with the error cone. [-]
    /// Closed form: σ/(2a)·[G((R+a)/σ) − G((R−a)/σ) − G((a−R)/σ) + G((−R−a)/σ)], G(u) = uΦ(u) + φ(u)
    /// (∫Φ = G); with G(−u) = G(u) − u this is σ/a·[G((R+a)/σ) − G((R−a)/σ)] − 1 (two error-function
    /// evaluations instead of four). Limits: a → 0 gives erf(R/(√2σ)); σ → 0 the overlap fraction.
    /// - Parameters: halfLength R [m]; halfWidth a [m]; sigma σ [m].
    @inline(__always)
    public static func uniformNormalInterval(halfLength R: Double, halfWidth a: Double, sigma: Double) -> Double {
        if sigma <= 1e-9 * max(a, R) {
            if a <= 0 { return R > 0 ? 1 : 0 }
            return min(1, max(0, min(R, a) - max(-R, -a)) / (2 * a))
        }
        if a < 1e-3 * sigma { return erf(R / (2.0.squareRoot() * sigma)) }
        @inline(__always) func G(_ u: Double) -> Double {
            0.5 * u * erfc(-u / 2.0.squareRoot()) + exp(-0.5 * u * u) / (2 * Double.pi).squareRoot()
        }
        let p = sigma / a * (G((R + a) / sigma) - G((R - a) / sigma)) - 1
        return min(1, max(0, p))
    }

    /// Offset from the aim point, in the plane normal to the central reflected ray, of the ideal (error-free,
    /// sun-centre) ray reflected at point P of a paraboloidal mirror focused at f: first-order reflection law with
    /// the local normal n − P/(2f): δr = −(1/f)[(s·P)n + (s·n)P], so the offset is
    /// (I − ttᵀ)[P(1 − D·cos ω/f) − (D/f)(s·P)n]. Along the mirror's in-plane axis its length is |P|·|cos ω − D/f|,
    /// across it |P|·|1 − D·cos ω/f| — the H_t and W_s of Schwarzbözl et al. (2009) / Collado (2010). [m]
    /// - Parameters: point P on the mirror relative to its pivot [m]; normal n, sun s, reflected direction t (unit);
    ///   slantOverFocal D/f, slant range over focal length [-] (1 focused at the slant range, 0 flat).
    public static func mirrorPointImageOffset(point P: SIMD3<Double>, normal n: SIMD3<Double>, sun s: SIMD3<Double>,
                                              reflected t: SIMD3<Double>, slantOverFocal q: Double) -> SIMD3<Double> {
        let c = (s * n).sum()
        let v = P * (1 - q * c) - q * (s * P).sum() * n
        return v - (v * t).sum() * t
    }

    /// Area of the union of n axis-aligned rectangles (x0, x1, y0, y1 in `r[4k…4k+3]`). [m²]
    /// Coordinate compression over x; y intervals merged per slab. n is small (a few shadows).
    static func unionArea(_ r: UnsafeMutablePointer<Double>, _ n: Int, scratch xs: UnsafeMutablePointer<Double>,
                          _ ys: UnsafeMutablePointer<Double>) -> Double {
        if n == 1 { return (r[1] - r[0]) * (r[3] - r[2]) }
        var m = 0
        for k in 0..<n { xs[m] = r[4 * k]; xs[m + 1] = r[4 * k + 1]; m += 2 }
        for a in 1..<m { let v = xs[a]; var b = a - 1; while b >= 0 && xs[b] > v { xs[b + 1] = xs[b]; b -= 1 }; xs[b + 1] = v }
        var area = 0.0
        for a in 0..<(m - 1) {
            let xa = xs[a], xb = xs[a + 1]
            if xb <= xa { continue }
            let xm = 0.5 * (xa + xb)
            var c = 0
            for k in 0..<n where r[4 * k] <= xm && r[4 * k + 1] >= xm {
                // insert (y0, y1) sorted by y0
                let y0 = r[4 * k + 2], y1 = r[4 * k + 3]
                var b = c - 1
                while b >= 0 && ys[2 * b] > y0 { ys[2 * b + 2] = ys[2 * b]; ys[2 * b + 3] = ys[2 * b + 1]; b -= 1 }
                ys[2 * b + 2] = y0; ys[2 * b + 3] = y1
                c += 1
            }
            if c == 0 { continue }
            var len = 0.0, lo = ys[0], hi = ys[1]
            for k in 1..<max(c, 1) where c > 1 {
                if ys[2 * k] > hi { len += hi - lo; lo = ys[2 * k]; hi = ys[2 * k + 1] } else { hi = max(hi, ys[2 * k + 1]) }
            }
            len += hi - lo
            area += len * (xb - xa)
        }
        return area
    }

    /// Overlap length of [−a, a] and [c − b, c + b]. [m]
    @inline(__always)
    static func overlap(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(0, min(a, c + b) - max(-a, c - b))
    }

    /// Optics of every heliostat over a series of hours.
    /// - Parameters:
    ///   - sun: sun position per hour (azimuth east of north). [rad]
    ///   - dni: direct normal irradiance per hour. [W/m²]
    ///   - windSpeed: per hour. [m/s]
    ///   - interval: length of each record, used to weight energies. [s]
    ///   - threads: workers; results are identical for any value.
    public func run(sun: [SunPosition], dni: [Double], windSpeed: [Double], interval: [Double],
                    threads: Int = defaultThreadCount) throws -> FieldYearResult {
        let nh = sun.count
        guard dni.count == nh, windSpeed.count == nh, interval.count == nh else {
            throw FieldError(.mismatchedInputs, path: "FieldOptics.run",
                             "sun (\(nh)), dni (\(dni.count)), windSpeed (\(windSpeed.count)) and interval (\(interval.count)) must have the same length")
        }
        let tracked = try trackingHours(0..<nh, sun: sun, dni: dni, windSpeed: windSpeed, interval: interval,
                                        caller: "FieldOptics.run")
        let (active, stowed, sx, sy, sz, w) = (tracked.active, tracked.stowed, tracked.sx, tracked.sy, tracked.sz, tracked.weight)
        let na = active.count
        let n = spec.layout.count
        let chunk = 512
        let nChunks = (n + chunk - 1) / chunk
        let stages = 7
        let hourSums = SliceBuffer<Double>(nChunks * na * stages, initial: 0)
        let helio = SliceBuffer<Double>(n * stages, initial: 0)
        defer { hourSums.free(); helio.free() }
        let (csx, csy, csz, cw) = (sx, sy, sz, w)
        parallelSlices(nChunks, threads: threads) { c in
            let lo = c * chunk, hi = min(n, lo + chunk)
            self.kernel(range: lo..<hi, sx: csx, sy: csy, sz: csz, weight: cw,
                        hourSums: hourSums.base + c * na * stages, helio: helio.base)
        }
        // Reduce chunks in order (independent of thread count).
        var eff = [Double](repeating: 0, count: nh), comps = [FieldEfficiencyComponents](repeating: .init(), count: nh)
        var power = [Double](repeating: 0, count: nh)
        var annual = [Double](repeating: 0, count: stages)
        let avail = spec.availability
        var s = [Double](repeating: 0, count: stages)
        for (k, h) in active.enumerated() {
            for q in 0..<stages { s[q] = 0 }
            for c in 0..<nChunks {
                let p = hourSums.base + (c * na + k) * stages
                for q in 0..<stages { s[q] += p[q] }
            }
            let comp = FieldEfficiencyComponents(cumulative: s, availability: avail)
            comps[h] = comp
            eff[h] = comp.total
            power[h] = dni[h] * s[6] * avail
            for q in 0..<stages { annual[q] += s[q] * w[k] }
        }
        let annualComp = FieldEfficiencyComponents(cumulative: annual, availability: avail)
        var hInc = [Double](repeating: 0, count: n), hDel = hInc
        var hComp = [FieldEfficiencyComponents](repeating: .init(), count: n)
        var hs = [Double](repeating: 0, count: stages)
        for i in 0..<n {
            for q in 0..<stages { hs[q] = helio.base[i * stages + q] }
            hInc[i] = hs[0]; hDel[i] = hs[6] * avail
            hComp[i] = FieldEfficiencyComponents(cumulative: hs, availability: avail)
        }
        return FieldYearResult(efficiency: eff, components: comps, powerOnReceiver: power, stowed: stowed,
                               annual: annualComp, energyOnReceiver: annual[6] * avail, energyOnMirrors: annual[0],
                               heliostatIncident: hInc, heliostatComponents: hComp, heliostatDelivered: hDel)
    }

    /// Optics of the field at one instant (e.g. the design point): the chain and power on the receiver.
    /// - Parameters: sun; dni [W/m²]. Returns the hour's result with per-heliostat figures for that instant
    ///   (per-heliostat "energies" are powers × 1 s). Stow rules are not applied.
    public func designPoint(sun: SunPosition, dni: Double, threads: Int = defaultThreadCount) throws -> FieldYearResult {
        var open = self.spec
        open.stowSunElevation = -Double.infinity; open.stowWindSpeed = .infinity
        let me = FieldOptics(copying: self, spec: open)
        return try me.run(sun: [sun], dni: [dni], windSpeed: [0], interval: [1], threads: threads)
    }

    private init(copying o: FieldOptics, spec: FieldSpec) {
        self.spec = spec; neighbours = o.neighbours; tx = o.tx; ty = o.ty; tz = o.tz; slant = o.slant
        transmittance = o.transmittance; area = o.area; outlineArea = o.outlineArea; halfW = o.halfW; halfH = o.halfH
        rho = o.rho; halfRecW = o.halfRecW; halfRecH = o.halfRecH; angularVar = o.angularVar; focusRatio = o.focusRatio
        sunComponents = o.sunComponents; nbHalfW = o.nbHalfW; nbHalfH = o.nbHalfH
        nbReach = o.nbReach
        shStart = o.shStart; shFar = o.shFar; shDx = o.shDx; shDy = o.shDy; shDz = o.shDz; shHalfW = o.shHalfW
        shHalfH = o.shHalfH; shReach = o.shReach; shPhi = o.shPhi; shWindow = o.shWindow
        shTx = o.shTx; shTy = o.shTy; shTz = o.shTz; blTx = o.blTx; blTy = o.blTy; blTz = o.blTz
        shTD = o.shTD; blTD = o.blTD
        blStart = o.blStart; blDx = o.blDx; blDy = o.blDy; blDz = o.blDz; blHalfW = o.blHalfW; blHalfH = o.blHalfH
    }

    /// The hot loop: heliostats `range` × all active hours. Shadows and blocked areas from several neighbours
    /// are merged as a union of rectangles in the heliostat's plane; the intercept is interpolated in a
    /// per-heliostat table over (cos ω, f).
    func kernel(range: Range<Int>, sx: [Double], sy: [Double], sz: [Double], weight: [Double],
                        hourSums: UnsafeMutablePointer<Double>, helio: UnsafeMutablePointer<Double>) {
        let na = sx.count
        var sunAz = [Double](repeating: 0, count: na)
        for k in 0..<na { sunAz[k] = atan2(sx[k], sy[k]) }
        let nc = FieldOptics.interceptTableSteps, nf = FieldOptics.interceptTableFSteps
        let maxRects = 48
        let T = UnsafeMutablePointer<Double>.allocate(capacity: (nc + 2) * (nf + 2))
        let rects = UnsafeMutablePointer<Double>.allocate(capacity: 8 * maxRects + 8)   // shading rects, then blocking rects
        let scratchX = UnsafeMutablePointer<Double>.allocate(capacity: 2 * maxRects + 2)
        let scratchY = UnsafeMutablePointer<Double>.allocate(capacity: 2 * maxRects + 4)
        defer { T.deallocate(); rects.deallocate(); scratchX.deallocate(); scratchY.deallocate() }
        let brects = rects + 4 * maxRects
        shDx.withUnsafeBufferPointer { NX in shDy.withUnsafeBufferPointer { NY in shDz.withUnsafeBufferPointer { NZ in
        shHalfW.withUnsafeBufferPointer { NW in shHalfH.withUnsafeBufferPointer { NH in shReach.withUnsafeBufferPointer { NR in
        shPhi.withUnsafeBufferPointer { NP in
        blDx.withUnsafeBufferPointer { BX in blDy.withUnsafeBufferPointer { BY in blDz.withUnsafeBufferPointer { BZ in
        blHalfW.withUnsafeBufferPointer { BW in blHalfH.withUnsafeBufferPointer { BH in
        sx.withUnsafeBufferPointer { SX in sy.withUnsafeBufferPointer { SY in sz.withUnsafeBufferPointer { SZ in
        weight.withUnsafeBufferPointer { W in sunAz.withUnsafeBufferPointer { SA in
        shTx.withUnsafeBufferPointer { NTX in shTy.withUnsafeBufferPointer { NTY in shTz.withUnsafeBufferPointer { NTZ in
        blTx.withUnsafeBufferPointer { BTX in blTy.withUnsafeBufferPointer { BTY in blTz.withUnsafeBufferPointer { BTZ in
        shTD.withUnsafeBufferPointer { NTD in blTD.withUnsafeBufferPointer { BTD in
            for i in range {
                let t0 = tx[i], t1 = ty[i], t2 = tz[i]
                // Receiver-horizontal axis of the image plane.
                let th = (t0 * t0 + t1 * t1).squareRoot()
                let h0 = th > 1e-12 ? -t1 / th : 1, h1 = th > 1e-12 ? t0 / th : 0
                let A = area[i], invOutline = 1 / outlineArea[i], att = transmittance[i], rh = rho[i]
                let hw = halfW[i], hh = halfH[i]
                let n0 = shStart[i], nFar = shFar[i], n1 = shStart[i + 1], k0 = blStart[i], k1 = blStart[i + 1]
                let win = shWindow[i]
                let invFocal = focusRatio[i] / slant[i]      // 1/f [1/m]; 0 for a flat mirror
                for kc in 0...nc {
                    for kf in 0...nf {
                        T[kc * (nf + 2) + kf] = intercept(i, cosIncidence: Double(kc) / Double(nc), inPlaneHorizontal: Double(kf) / Double(nf))
                    }
                    T[kc * (nf + 2) + nf + 1] = T[kc * (nf + 2) + nf]
                }
                for kf in 0...(nf + 1) { T[(nc + 1) * (nf + 2) + kf] = T[nc * (nf + 2) + kf] }
                var e0 = 0.0, e1 = 0.0, e2 = 0.0, e3 = 0.0, e4 = 0.0, e5 = 0.0, e6 = 0.0
                for k in 0..<na {
                    let s0 = SX[k], s1 = SY[k], s2 = SZ[k]
                    let st2 = s0 * t0 + s1 * t1 + s2 * t2
                    let c = ((1 + st2) * 0.5).squareRoot()           // cosine of incidence
                    let inv2c = 0.5 / c
                    let m0 = (s0 + t0) * inv2c, m1 = (s1 + t1) * inv2c, m2 = (s2 + t2) * inv2c
                    // Mirror frame: u horizontal, v = n × u.
                    let hnorm2 = m0 * m0 + m1 * m1
                    var u0 = 1.0, u1 = 0.0
                    if hnorm2 > 1e-18 { let r = 1 / hnorm2.squareRoot(); u0 = -m1 * r; u1 = m0 * r }
                    let v0 = -m2 * u1, v1 = m2 * u0, v2 = m0 * u1 - m1 * u0
                    let su = s0 * u0 + s1 * u1, sv = s0 * v0 + s1 * v1 + s2 * v2
                    let tu = t0 * u0 + t1 * u1, tv = t0 * v0 + t1 * v1 + t2 * v2
                    let invc = 1 / c
                    /// Half sizes, in this heliostat's (u, v) frame, of neighbour outline (half sizes W, H) with its own
                    /// normal bisector(s, t_j), projected along r = (ru, rv in this frame) onto this plane: each
                    /// half-edge e maps to e − (e·m)/(r·m)·r, r·m = cos ω; the parallelogram becomes the box of equal
                    /// second moments per axis.
                    @inline(__always) func ownOutline(_ W: Double, _ H: Double, _ j0: Double, _ j1: Double, _ j2: Double,
                                                      _ ru: Double, _ rv: Double) -> (Double, Double) {
                        let q0 = s0 + j0, q1 = s1 + j1, q2 = s2 + j2
                        let qh2 = q0 * q0 + q1 * q1
                        var a0 = 1.0, a1 = 0.0
                        if qh2 > 1e-18 { let r = 1 / qh2.squareRoot(); a0 = -q1 * r; a1 = q0 * r }
                        let ql = 1 / (qh2 + q2 * q2).squareRoot()
                        let b0 = -q2 * a1 * ql, b1 = q2 * a0 * ql, b2 = (q0 * a1 - q1 * a0) * ql
                        let am = (a0 * m0 + a1 * m1) * invc, bm = (b0 * m0 + b1 * m1 + b2 * m2) * invc
                        let x1 = W * (a0 * u0 + a1 * u1 - am * ru), y1 = W * (a0 * v0 + a1 * v1 - am * rv)
                        let x2 = H * (b0 * u0 + b1 * u1 - bm * ru), y2 = H * (b0 * v0 + b1 * v1 + b2 * v2 - bm * rv)
                        return ((x1 * x1 + x2 * x2).squareRoot(), (y1 * y1 + y2 * y2).squareRoot())
                    }
                    // Shading: neighbours a sun ray through them can bring over this heliostat.
                    var ns = 0
                    @inline(__always) func shadeTest(_ q: Int) {
                        let px = NX[q], py = NY[q], pz = NZ[q]
                        let ps = px * s0 + py * s1 + pz * s2
                        if ps <= 0 || ps * ps < NR[q] { return }
                        let pn = px * m0 + py * m1 + pz * m2
                        if pn <= 0 { return }
                        let lam = pn * invc
                        let cu = px * u0 + py * u1 - lam * su
                        let cv = px * v0 + py * v1 + pz * v2 - lam * sv
                        // Own outline half sizes ≤ max(W, H) + (W + H)·|m_j − m_i|/c (conservative, see shTD).
                        let bound = max(NW[q], NH[q]) + (NW[q] + NH[q]) * NTD[q] * invc * invc
                        if abs(cu) >= hw + bound || abs(cv) >= hh + bound { return }
                        let (ow, oh) = ownOutline(NW[q], NH[q], NTX[q], NTY[q], NTZ[q], su, sv)
                        let x0 = max(-hw, cu - ow), x1 = min(hw, cu + ow)
                        let y0 = max(-hh, cv - oh), y1 = min(hh, cv + oh)
                        if x1 > x0 && y1 > y0 && ns < maxRects {
                            rects[4 * ns] = x0; rects[4 * ns + 1] = x1; rects[4 * ns + 2] = y0; rects[4 * ns + 3] = y1; ns += 1
                        }
                    }
                    for q in n0..<nFar { shadeTest(q) }
                    if nFar < n1 {
                        // Far neighbours within the azimuth window around the sun (sorted: binary search, wrap at ±π).
                        let phs = SA[k]
                        var lo = phs - win, hi = phs + win
                        var ranges = 1
                        var lo2 = 0.0, hi2 = 0.0
                        if lo < -Double.pi { lo2 = lo + 2 * Double.pi; hi2 = Double.pi; lo = -Double.pi; ranges = 2 }
                        if hi > Double.pi { lo2 = -Double.pi; hi2 = hi - 2 * Double.pi; hi = Double.pi; ranges = 2 }
                        for rr in 0..<ranges {
                            let a = rr == 0 ? lo : lo2, b = rr == 0 ? hi : hi2
                            var l = nFar, h = n1
                            while l < h { let m = (l + h) >> 1; if NP[m] < a { l = m + 1 } else { h = m } }
                            var q = l
                            while q < n1 && NP[q] <= b { shadeTest(q); q += 1 }
                        }
                    }
                    // Blocking: the static candidate list.
                    var nb = 0
                    for q in k0..<k1 {
                        let px = BX[q], py = BY[q], pz = BZ[q]
                        let pn = px * m0 + py * m1 + pz * m2
                        if pn <= 0 { continue }
                        let lam = pn * invc
                        // A focused mirror's rays converge on the aim point: the blocking outline is the central
                        // projection from the aim point, i.e. the parallel projection scaled by μ = 1/(1 − λ/f).
                        let mu = 1 / max(1e-3, 1 - lam * invFocal)
                        let cu = mu * (px * u0 + py * u1 - lam * tu)
                        let cv = mu * (px * v0 + py * v1 + pz * v2 - lam * tv)
                        let ow = mu * BW[q], oh = mu * BH[q]
                        let x0 = max(-hw, cu - ow), x1 = min(hw, cu + ow)
                        let y0 = max(-hh, cv - oh), y1 = min(hh, cv + oh)
                        if x1 > x0 && y1 > y0 && nb < maxRects {
                            brects[4 * nb] = x0; brects[4 * nb + 1] = x1; brects[4 * nb + 2] = y0; brects[4 * nb + 3] = y1; nb += 1
                        }
                    }
                    let shade = ns == 0 ? 0 : min(outlineArea[i], FieldOptics.unionArea(rects, ns, scratch: scratchX, scratchY))
                    var fb = 1.0
                    if nb > 0 {
                        // Blocking counts only light that was not shaded: area(B \ S) = area(S ∪ B) − area(S),
                        // relative to the unshaded area (the ray tracer's definition).
                        var blocked: Double
                        if ns == 0 {
                            blocked = FieldOptics.unionArea(brects, nb, scratch: scratchX, scratchY)
                        } else {
                            let m = min(nb, maxRects - ns)
                            (rects + 4 * ns).update(from: brects, count: 4 * m)
                            blocked = FieldOptics.unionArea(rects, ns + m, scratch: scratchX, scratchY) - shade
                        }
                        let open = outlineArea[i] - shade
                        fb = open > 1e-12 ? 1 - min(1, max(0, blocked) / open) : 1
                    }
                    let fs = 1 - shade * invOutline
                    // Intercept: bilinear in (cos ω, f).
                    let sh = s0 * h0 + s1 * h1
                    let den = 1 - st2 * st2
                    let f = den > 1e-12 ? min(1, sh * sh / den) : 0.5
                    let x = c * Double(nc), y = f * Double(nf)
                    let kx = min(Int(x), nc), ky = min(Int(y), nf)
                    let fx = x - Double(kx), fy = y - Double(ky)
                    let p0 = T + kx * (nf + 2) + ky, p1 = p0 + (nf + 2)
                    let ia = p0[0] + fy * (p0[1] - p0[0]), ib = p1[0] + fy * (p1[1] - p1[0])
                    let ic = ia + fx * (ib - ia)
                    let a1 = A * c, a2 = a1 * fs, a3 = a2 * fb, a4 = a3 * att, a5 = a4 * ic, a6 = a5 * rh
                    let hp = hourSums + k * 7
                    hp[0] += A; hp[1] += a1; hp[2] += a2; hp[3] += a3; hp[4] += a4; hp[5] += a5; hp[6] += a6
                    let wk = W[k]
                    e0 += wk * A; e1 += wk * a1; e2 += wk * a2; e3 += wk * a3; e4 += wk * a4; e5 += wk * a5; e6 += wk * a6
                }
                let hp = helio + i * 7
                hp[0] += e0; hp[1] += e1; hp[2] += e2; hp[3] += e3; hp[4] += e4; hp[5] += e5; hp[6] += e6
            }
        }}}}}}}}}}}}}}}}}}}}}}}}}
    }

    /// Overlap lengths of [−a, a] and [c − b, c + b], four at a time. [m]
    @inline(__always)
    static func overlapV(_ a: SIMD4<Double>, _ b: SIMD4<Double>, _ c: SIMD4<Double>) -> SIMD4<Double> {
        pointwiseMax(SIMD4(repeating: 0), pointwiseMin(a, c + b) - pointwiseMax(-a, c - b))
    }
}

extension FieldOptics {
    /// Optics over a weather year: DNI, wind and record lengths from `weather`, sun positions supplied by the
    /// caller (one per record, e.g. NREL SPA at each record's midpoint). Throws if the counts differ.
    public func run(weather: WeatherYear, sun: [SunPosition], threads: Int = defaultThreadCount) throws -> FieldYearResult {
        guard sun.count == weather.records.count else {
            throw FieldError(.mismatchedInputs, path: weather.sourcePath ?? "weather",
                             "\(sun.count) sun positions for \(weather.records.count) weather records")
        }
        return try run(sun: sun, dni: weather.records.map(\.dni), windSpeed: weather.records.map(\.windSpeed),
                       interval: weather.records.map(\.interval), threads: threads)
    }
}
