import Foundation

/// The ray-tracing verification benchmark of Wang et al. (2020): "Verification of optical modelling of sunshape and
/// surface slope error for concentrating solar power systems", Solar Energy 195, 461–474,
/// doi:10.1016/j.solener.2019.11.035; data: github.com/anustg/optics-verification (staged in
/// ../shared/reference/wang2020-raytrace, read from there only).
///
/// Conventions (SUMMARY.md of the staged data): x east, y north, z up, azimuth east of north; DNI 1 kW/m²; no
/// attenuation; single 10 × 10 m facet focused at its slant range; "normal" slope error = per-axis σ of the
/// surface normal; "pillbox" = uniform over a cone of the stated half-angle (sun and slope alike); Gaussian sun:
/// per-axis σ of the ray direction; Buie CSR = the ACTUAL circumsolar ratio of the profile (aureole / total
/// energy; χ solved for, see `BuieSunShape`) — one of the two conventions the benchmark's tools use.
public struct Wang2020Case: Sendable {
    /// Benchmark round: A (one heliostat under a flat target, sun at zenith), B (one heliostat of the field,
    /// billboard receiver), C (the 522-heliostat field).
    public enum Round: String, Sendable { case a = "A", b = "B", c = "C" }

    /// Case name as upstream ("A_1.1.1", "B_2.2.4", "C_1.2").
    public var name: String
    public var round: Round
    /// Sun position (zenith from +z, azimuth east of north). [rad]
    public var sun: SunPosition
    public var sunShape: SunShape
    /// Slope error: per-axis σ (normal) or cone half-angle (pillbox). [rad]
    public var slopeError: Double
    public var slopeErrorDistribution: SlopeErrorDistribution
    /// Heliostat centres [m]; nil for round C (the 522-heliostat layout file).
    public var heliostats: [SIMD3<Double>]?
    /// Mirror reflectance. [-]
    public var reflectance: Double
    /// Target absorptance. [-]
    public var absorptance: Double
    /// Aim point of every heliostat (= target centre). [m]
    public var aim: SIMD3<Double>
    /// Target width (x) and height (z for the vertical billboard, y for the horizontal target of round A). [m]
    public var targetWidth: Double
    public var targetHeight: Double
    /// Target unit normal (the side that absorbs).
    public var targetNormal: SIMD3<Double>
    /// Parameter sheet the case comes from (upstream case_details/Parameter_list.ods, staged as CSV).
    public var sheet: String

    /// Incident power on the mirrors at normal incidence, DNI × total mirror area (100 kW per heliostat). [kW]
    public func qAll(heliostatCount: Int) -> Double { 100 * Double(heliostatCount) }

    public var target: RayTarget {
        .billboard(centre: aim, width: targetWidth, height: targetHeight, normal: targetNormal)
    }

    /// The benchmark's 33 cases (13 A, 16 B, 4 C), parameters from the sheets cited in each case.
    public static let all: [Wang2020Case] = {
        let mrad = 1e-3
        let deg = Double.pi / 180
        var cases: [Wang2020Case] = []
        // Round A: heliostat at the origin, sun at the zenith, flat 8 × 8 m target 500 m above, facing down.
        func a(_ name: String, _ shape: SunShape, _ slope: Double, _ dist: SlopeErrorDistribution, _ sheet: String) {
            cases.append(Wang2020Case(name: name, round: .a, sun: SunPosition(zenith: 0, azimuth: Double.pi),
                                      sunShape: shape, slopeError: slope, slopeErrorDistribution: dist,
                                      heliostats: [SIMD3(0, 0, 0)], reflectance: 1, absorptance: 1,
                                      aim: SIMD3(0, 0, 500), targetWidth: 8, targetHeight: 8,
                                      targetNormal: SIMD3(0, 0, -1), sheet: sheet))
        }
        let collimated = SunShape.pillbox(halfAngle: 0)
        for k in 1...3 {
            a("A_1.1.\(k)", collimated, Double(k) * mrad, .pillbox, "Case_A1.1.1_1.1.3.csv")
        }
        for k in 1...3 {
            a("A_1.2.\(k)", collimated, Double(k) * mrad, .normal, "Case_A1.2.1_1.2.3.csv")
        }
        a("A_2.1", .pillbox(halfAngle: 4 * mrad), 0, .normal, "Case_A2.1_2.2.csv")
        a("A_2.2", .gaussian(sigma: 4 * mrad), 0, .normal, "Case_A2.1_2.2.csv")
        for k in 1...3 {
            a("A_2.3.\(k)", .buie(csr: 0.01 * Double(k)), 0, .normal, "Case_A2.3.csv")
        }
        a("A_3.1", .pillbox(halfAngle: 4.65 * mrad), 2 * mrad, .normal, "Case_A3.1.csv")
        a("A_3.2", .buie(csr: 0.02), 2 * mrad, .normal, "Case_A3.2.csv")
        // Rounds B and C: noon (az 180°, zenith 12°) and morning (az 76°, zenith 68°); billboard 8 × 6 m at
        // (0, 0, 62) facing north; normal slope error 2 mrad; pillbox 4.65 mrad (x = 1) or Buie CSR 0.02 (x = 2).
        let suns = [SunPosition(zenith: 12 * deg, azimuth: 180 * deg), SunPosition(zenith: 68 * deg, azimuth: 76 * deg)]
        let shapes: [SunShape] = [.pillbox(halfAngle: 4.65 * mrad), .buie(csr: 0.02)]
        // P1..P4 (sheet lines 37–40).
        let positions: [SIMD3<Double>] = [SIMD3(0, 46.5, 0), SIMD3(0, 536.9, 0), SIMD3(-324.3, 427.9, 0), SIMD3(252.5, 118.1, 0)]
        for s in 1...2 {
            for t in 1...2 {
                for p in 1...4 {
                    cases.append(Wang2020Case(
                        name: "B_\(s).\(t).\(p)", round: .b, sun: suns[t - 1], sunShape: shapes[s - 1],
                        slopeError: 2 * mrad, slopeErrorDistribution: .normal, heliostats: [positions[p - 1]],
                        reflectance: 1, absorptance: 1, aim: SIMD3(0, 0, 62), targetWidth: 8, targetHeight: 6,
                        targetNormal: SIMD3(0, 1, 0), sheet: "Case_B\(s).\(t).1_\(s).\(t).4.csv"))
                }
            }
        }
        for s in 1...2 {
            for t in 1...2 {
                cases.append(Wang2020Case(
                    name: "C_\(s).\(t)", round: .c, sun: suns[t - 1], sunShape: shapes[s - 1], slopeError: 2 * mrad,
                    slopeErrorDistribution: .normal, heliostats: nil, reflectance: 0.95, absorptance: 0.9,
                    aim: SIMD3(0, 0, 62), targetWidth: 8, targetHeight: 6, targetNormal: SIMD3(0, 1, 0),
                    sheet: "Case_C\(s).\(t).csv"))
            }
        }
        return cases
    }()

    /// Field description of the case (`layout` given for round C). Receiver geometry is a placeholder: the
    /// tracer hits `target`, and the analytic billboard intercept uses the target too.
    public func fieldSpec(layout: FieldLayout? = nil) throws -> FieldSpec {
        let L: FieldLayout
        if let hs = heliostats {
            L = FieldLayout(x: hs.map(\.x), y: hs.map(\.y), z: hs.map(\.z))
        } else if let layout {
            L = layout
        } else {
            throw ReferenceDataError(path: "wang2020_field_522.csv", line: 0, column: 0,
                                     message: "case \(name) needs the 522-heliostat layout")
        }
        let cls = HeliostatClass(width: 10, height: 10, reflectiveFraction: 1, reflectance: reflectance, cleanliness: 1,
                                 slopeError: slopeError, trackingError: 0, focusing: .focusedAtSlantRange)
        return FieldSpec(classes: [cls], layout: L,
                         receiver: ReceiverGeometry(height: targetHeight, diameter: 1e-3, opticalHeight: aim.z),
                         attenuation: .polynomial(c0: 0, c1: 0, c2: 0, c3: 0), sunShape: sunShape, availability: 1,
                         stowSunElevation: -1, stowWindSpeed: .infinity)
    }
}

/// Power split of one benchmark case, in the benchmark's terms (DNI 1 kW/m²). [kW]
public struct Wang2020Powers: Sendable, Equatable {
    /// Shading + cosine loss: DNI × area − power incident on the unshaded mirrors. [kW]
    public var shadeCos: Double
    /// Reflected power blocked by neighbours. [kW]
    public var block: Double
    /// Reflected, unblocked power that misses the target. [kW]
    public var spill: Double
    /// Power absorbed by the target (absorptance × power on the target). [kW]
    public var absorbed: Double
    /// Power reflected towards the target, unblocked = Qabs + Qspil + Qrefl. [kW]
    public var irradiated: Double
    /// One Monte Carlo standard error of the power on the target (0 for the analytic model). [kW]
    public var standardError: Double

    /// Builds the split from an efficiency chain (cosine, shading, blocking, intercept as ratios).
    init(qAll: Double, cosineShading: Double, reflectance: Double, blocking: Double, intercept: Double,
         absorptance: Double, standardError: Double = 0) {
        let incident = qAll * cosineShading
        let reflected = incident * reflectance
        let unblocked = reflected * blocking
        let onTarget = unblocked * intercept
        shadeCos = qAll - incident
        block = reflected - unblocked
        spill = unblocked - onTarget
        absorbed = absorptance * onTarget
        irradiated = unblocked
        self.standardError = standardError
    }
}

extension Wang2020Case {
    /// Monte Carlo ray trace of the case with `FieldRayTracer` (rays start on the mirrors; shading, blocking,
    /// target hit exact; reflectance and absorptance as weights).
    public func rayTrace(layout: FieldLayout? = nil, raysPerHeliostat: Int, seed: UInt64 = 1,
                         threads: Int = defaultThreadCount) throws -> Wang2020Powers {
        let spec = try fieldSpec(layout: layout)
        let rt = try FieldRayTracer(spec: spec, target: target, aimPoint: aim, slopeErrorDistribution: slopeErrorDistribution)
        let r = rt.trace(sun: sun, raysPerHeliostat: raysPerHeliostat, seed: seed, threads: threads)
        let c = r.components
        let qAll = qAll(heliostatCount: spec.layout.count)
        // standardError is of the efficiency (power on target × ρ / (DNI·A)): back to power on the target.
        return Wang2020Powers(qAll: qAll, cosineShading: c.cosine * c.shading, reflectance: reflectance,
                              blocking: c.blocking, intercept: c.intercept, absorptance: absorptance,
                              standardError: r.standardError * qAll / max(reflectance, 1e-12))
    }

    /// Analytic per-heliostat optics: cosine, shading and blocking from `FieldOptics` (projected neighbour
    /// outlines), intercept from `billboardIntercept` (the same HFLCAL-type image as `FieldOptics`, integrated
    /// over the flat target instead of a cylinder). A pillbox slope error enters as the normal of equal variance.
    public func analytic(layout: FieldLayout? = nil, threads: Int = defaultThreadCount) throws -> Wang2020Powers {
        let spec = try fieldSpec(layout: layout)
        let optics = try FieldOptics(spec: spec)
        let dp = try optics.designPoint(sun: sun, dni: 1000, threads: threads)
        let s = sun.direction
        let mixture = FieldOptics.gaussianMixture(sunShape)
        var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0, a4 = 0.0
        let L = spec.layout
        let cls = spec.classes[0]
        // A pillbox slope error of half-angle δ has the per-axis variance δ²/4 of a uniform disc: σ = δ/2.
        let slopeSigma = slopeErrorDistribution == .pillbox ? cls.slopeError / 2 : cls.slopeError
        for i in 0..<L.count {
            let c = dp.heliostatComponents[i]
            let A = cls.reflectiveArea
            let e1 = A * c.cosine * c.shading
            let e2 = e1 * c.blocking
            let icpt = Wang2020Case.billboardIntercept(
                heliostat: SIMD3(L.x[i], L.y[i], L.z[i]), sun: SIMD3(s.x, s.y, s.z), aim: aim,
                normal: targetNormal, width: targetWidth, height: targetHeight, mirrorArea: cls.width * cls.height,
                slopeError: slopeSigma, sunMixture: mixture)
            a0 += A; a1 += e1; a2 += e2; a3 += e2 * icpt
            a4 += A * c.cosine
        }
        // kW at DNI 1 kW/m².
        let qAll = qAll(heliostatCount: L.count)
        let cosSh = a1 / a0, block = a1 > 0 ? a2 / a1 : 0, icpt = a2 > 0 ? a3 / a2 : 0
        return Wang2020Powers(qAll: qAll, cosineShading: cosSh,
                              reflectance: reflectance, blocking: block, intercept: icpt, absorptance: absorptance)
    }

    /// HFLCAL-type intercept of one heliostat's image on a flat rectangular target. [-]
    ///
    /// Image = astigmatic image of the focused square mirror ⊗ error cone (the image model of `FieldOptics.intercept`;
    /// Schwarzbözl, Schmitz & Pitz-Paal 2009, Solar Energy 83, §2.3; Collado 2010). Error cone in the plane normal to
    /// the reflected central ray: a circular normal per sun-shape component (variance D²σ²_sun) plus mirror slope
    /// error transferred as 2σ in the plane of incidence and 2σ·cos ω across it (reflection law). Astigmatism: the
    /// mirror (side √A, AzEl-tracked: one edge horizontal, focused at its slant range) is sampled on an n × n
    /// midpoint grid; each point sends its ideal ray to `FieldOptics.mirrorPointImageOffset` (the linear map whose
    /// extents are H_t = d·|D/f − cos ω| and W_s = d·|D/f·cos ω − 1|), so the astigmatic image is the mirror's
    /// parallelogram, not HFLCAL's equivalent circular normal. Offsets and covariance are projected along the
    /// reflected ray onto the target plane (a linear map: the error image stays a bivariate normal with a full
    /// covariance) and the normal centred on each point is integrated over the rectangle (`rectangleProbability`).
    /// The grid (at least 2 × 2 when the image has extent) has a step of at most σ of the narrowest error image, and
    /// each point carries its cell's variance (step²/12 per edge) so the second moments are exact.
    /// - Parameters: heliostat, aim [m]; sun: unit vector towards the sun; normal: target unit normal;
    ///   width, height [m]; mirrorArea [m²]; slopeError per axis [rad]; sunMixture: (weight, per-axis variance [rad²]).
    static func billboardIntercept(heliostat p: SIMD3<Double>, sun s: SIMD3<Double>, aim: SIMD3<Double>,
                                   normal n: SIMD3<Double>, width: Double, height: Double, mirrorArea: Double,
                                   slopeError: Double, sunMixture: [(weight: Double, variance: Double)]) -> Double {
        func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }
        func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
            SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
        }
        let v = aim - p
        let d = dot(v, v).squareRoot()
        let t = v / d
        let tn = dot(t, n)
        guard tn < -1e-9 else { return 0 }          // arrives on the back or edge-on
        let cosOmega = ((1 + dot(s, t)) / 2).squareRoot()
        // Plane-of-incidence direction in the image plane (any perpendicular when s ∥ t).
        var eIn = s - dot(s, t) * t
        if dot(eIn, eIn) < 1e-18 {
            eIn = abs(t.x) < 0.9 ? SIMD3(1, 0, 0) - t.x * t : SIMD3(0, 1, 0) - t.y * t
        }
        eIn /= dot(eIn, eIn).squareRoot()
        let eOut = cross(t, eIn)
        // Target axes: width along the horizontal edge, height along n × ex.
        let hl = (n.x * n.x + n.y * n.y).squareRoot()
        let ex: SIMD3<Double> = hl < 1e-9 ? SIMD3(1, 0, 0) : SIMD3(-n.y / hl, n.x / hl, 0)
        let ez = cross(n, ex)
        // Map of an image-plane offset δ to the target plane: δ + λt with λ = −δ·n / t·n.
        func project(_ e: SIMD3<Double>) -> (Double, Double) {
            let q = e - dot(e, n) / tn * t
            return (dot(q, ex), dot(q, ez))
        }
        let (m11, m21) = project(eIn), (m12, m22) = project(eOut)
        let errIn = 4 * slopeError * slopeError * d * d
        let errOut = errIn * cosOmega * cosOmega
        // Mirror frame (AzEl: u horizontal, v = m × u) and the image offsets of its half-edges.
        var m = s + t
        m /= dot(m, m).squareRoot()
        let mh = (m.x * m.x + m.y * m.y).squareRoot()
        let u: SIMD3<Double> = mh > 1e-12 ? SIMD3(-m.y / mh, m.x / mh, 0) : SIMD3(1, 0, 0)
        let w = cross(m, u)
        let half = 0.5 * mirrorArea.squareRoot()
        let gu = FieldOptics.mirrorPointImageOffset(point: half * u, normal: m, sun: s, reflected: t, slantOverFocal: 1)
        let gv = FieldOptics.mirrorPointImageOffset(point: half * w, normal: m, sun: s, reflected: t, slantOverFocal: 1)
        let (ux, uz) = project(gu), (vx, vz) = project(gv)
        let minVar = sunMixture.filter { $0.weight > 0 }.map { d * d * $0.variance }.min() ?? 0
        let sigmaMin = (minVar + errOut).squareRoot()
        func steps(_ g: SIMD3<Double>) -> Int {
            let len = 2 * dot(g, g).squareRoot()
            if len < 1e-9 { return 1 }
            if sigmaMin <= 0 { return 64 }
            return min(64, max(2, Int((len / sigmaMin).rounded(.up))))
        }
        let nu = steps(gu), nv = steps(gv)
        // Each grid point stands for a cell of its step: add the cell's uniform variance (step²/12 along each edge)
        // so the sampled parallelogram keeps the astigmatic image's second moments exactly.
        let cu = nu == 1 ? 0 : 1 / (3 * Double(nu * nu)), cv = nv == 1 ? 0 : 1 / (3 * Double(nv * nv))
        let cellXX = cu * ux * ux + cv * vx * vx, cellZZ = cu * uz * uz + cv * vz * vz, cellXZ = cu * ux * uz + cv * vx * vz
        var total = 0.0
        for comp in sunMixture where comp.weight > 0 {
            let iso = d * d * comp.variance
            let a = iso + errIn, b = iso + errOut         // image covariance diag(a, b) in (eIn, eOut)
            let sxx = m11 * m11 * a + m12 * m12 * b + cellXX
            let szz = m21 * m21 * a + m22 * m22 * b + cellZZ
            let sxz = m11 * m21 * a + m12 * m22 * b + cellXZ
            var sum = 0.0
            for ku in 0..<nu {
                let xu = nu == 1 ? 0 : (2 * (Double(ku) + 0.5) / Double(nu) - 1)
                for kv in 0..<nv {
                    let xv = nv == 1 ? 0 : (2 * (Double(kv) + 0.5) / Double(nv) - 1)
                    sum += rectangleProbability(sxx: sxx, szz: szz, sxz: sxz, halfWidth: width / 2, halfHeight: height / 2,
                                                centreX: xu * ux + xv * vx, centreZ: xu * uz + xv * vz)
                }
            }
            total += comp.weight * sum / Double(nu * nv)
        }
        return total
    }

    /// P(|X + mx| ≤ a, |Z + mz| ≤ b) for a zero-mean bivariate normal with covariance [[sxx, sxz], [sxz, szz]]. [-]
    /// `centreX`, `centreZ`: mean of the normal (default 0). [m]
    static func rectangleProbability(sxx: Double, szz: Double, sxz: Double, halfWidth a: Double, halfHeight b: Double,
                                     centreX mx: Double = 0, centreZ mz: Double = 0) -> Double {
        let tiny = 1e-18
        if sxx <= tiny || szz <= tiny {
            // Degenerate (point or line) image: inside if its spread fits.
            let px = sxx <= tiny ? (abs(mx) <= a ? 1 : 0) : 0.5 * (erf((a - mx) / (2 * sxx).squareRoot()) + erf((a + mx) / (2 * sxx).squareRoot()))
            let pz = szz <= tiny ? (abs(mz) <= b ? 1 : 0) : 0.5 * (erf((b - mz) / (2 * szz).squareRoot()) + erf((b + mz) / (2 * szz).squareRoot()))
            return px * pz
        }
        let sx = sxx.squareRoot()
        let beta = sxz / sxx
        let sc2 = max(szz - sxz * sxz / sxx, tiny)
        let sc = sc2.squareRoot()
        let m = 96
        let lo = max(-a - mx, -8 * sx), hi = min(a - mx, 8 * sx)
        if hi <= lo { return 0 }
        let h = (hi - lo) / Double(m)
        var sum = 0.0
        for k in 0...m {
            let x = lo + Double(k) * h
            let w: Double = (k == 0 || k == m) ? 1 : (k % 2 == 1 ? 4 : 2)
            let fx = exp(-0.5 * x * x / sxx) / (sx * (2 * Double.pi).squareRoot())
            let cond = 0.5 * (erf((b - mz - beta * x) / (sc * 2.0.squareRoot())) - erf((-b - mz - beta * x) / (sc * 2.0.squareRoot())))
            sum += w * fx * cond
        }
        return sum * h / 3
    }
}
