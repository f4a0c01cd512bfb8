import ArgumentParser
import Foundation
import SolarTower

/// `solartower optics …`: heliostat field optics (analytical model and ray tracer).
struct OpticsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optics",
        abstract: "Heliostat field optics: efficiency chain, ray tracing, validation and benchmarks.",
        subcommands: [OpticsSummary.self, OpticsRaytrace.self, OpticsValidate.self, OpticsBench.self, OpticsLayout.self, OpticsWang.self],
        defaultSubcommand: OpticsSummary.self
    )
}

struct FieldInput: ParsableArguments {
    @Argument(help: "TOML file with a [field] table (and optionally [receiver]).")
    var plant: String
    @Option(help: "Receiver height [m] (overrides [receiver].height_m).") var receiverHeight: Double?
    @Option(help: "Receiver diameter [m].") var receiverDiameter: Double?
    @Option(help: "Receiver centre above the pivot plane [m].") var opticalHeight: Double?
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func load() throws -> FieldSpec {
        let url = URL(fileURLWithPath: plant)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ValidationError("\(plant): cannot read the file")
        }
        let file: FieldOpticsFile
        do { file = try FieldOpticsFile.decode(toml: text, path: plant) } catch let e as FieldError {
            throw ValidationError(e.description)
        }
        guard let h = receiverHeight ?? file.receiver?.height_m, let d = receiverDiameter ?? file.receiver?.diameter_m,
              let o = opticalHeight ?? file.receiver?.optical_height_m else {
            throw ValidationError("\(plant): no [receiver] table: give --receiver-height, --receiver-diameter and --optical-height [m]")
        }
        do {
            return try file.field.fieldSpec(receiver: ReceiverGeometry(height: h, diameter: d, opticalHeight: o),
                                            plantDirectory: url.deletingLastPathComponent())
        } catch let e as FieldError {
            throw ValidationError(e.description)
        }
    }
}

/// SAM hourly results (../shared/reference/sam-mspt-greensboro/hourly.csv): sun, DNI, wind and SAM's field figures.
struct SAMHourly {
    var sun: [SunPosition] = [], dni: [Double] = [], wind: [Double] = [], etaField: [Double] = []
    var qSfInc: [Double] = [], qRecInc: [Double] = []

    init(path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("\(path): cannot read") }
        let lines = text.split(whereSeparator: \.isNewline)
        let head = lines[0].split(separator: ",").map(String.init)
        func col(_ n: String) throws -> Int {
            guard let i = head.firstIndex(of: n) else { throw ValidationError("\(path):1: missing column \(n)") }
            return i
        }
        let cb = try col("beam"), cw = try col("wspd"), cz = try col("solzen"), ca = try col("solaz")
        let ce = try col("eta_field"), cq = try col("q_sf_inc"), cr = try col("q_dot_rec_inc")
        for (k, l) in lines.dropFirst().enumerated() {
            let f = l.split(separator: ",")
            func v(_ i: Int) throws -> Double {
                guard i < f.count, let x = Double(f[i]) else { throw ValidationError("\(path):\(k + 2):\(i + 1): expected a number") }
                return x
            }
            sun.append(SunPosition(zenith: try v(cz) * .pi / 180, azimuth: try v(ca) * .pi / 180))
            dni.append(try v(cb)); wind.append(try v(cw)); etaField.append(try v(ce))
            qSfInc.append(try v(cq) * 1e6); qRecInc.append(try v(cr) * 1e6)
        }
    }
}

func pct(_ x: Double) -> String { String(format: "%6.2f %%", 100 * x) }

func printChain(_ title: String, _ c: FieldEfficiencyComponents) {
    print(title)
    print("  cosine        \(pct(c.cosine))")
    print("  shading       \(pct(c.shading))")
    print("  blocking      \(pct(c.blocking))")
    print("  attenuation   \(pct(c.attenuation))")
    print("  intercept     \(pct(c.intercept))")
    print("  reflectance   \(pct(c.reflectance))   (reflectance × cleanliness)")
    print("  availability  \(pct(c.availability))")
    print("  field         \(pct(c.total))")
}

struct OpticsSummary: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summary",
        abstract: "Design-point and annual field efficiency split into cosine, shading, blocking, attenuation, intercept, reflectance.")
    @OptionGroup var input: FieldInput
    @Option(help: "Design-point sun zenith [deg] (default: SAM's design sun, summer-solstice noon at 36.1 N).") var designZenithDeg: Double = 12.66
    @Option(help: "Design-point sun azimuth, east of north [deg].") var designAzimuthDeg: Double = 180
    @Option(help: "Design-point DNI [W/m²].") var designDni: Double = 950
    @Option(help: "Receiver absorptance SAM folds into eta_field, for the comparison with SAM (SAM default 0.94).") var samAbsorptance: Double = 0.94
    @Option(help: "Hourly sun/DNI/wind from a SAM hourly CSV (month,day,hour,beam,…,wspd,solzen,solaz,eta_field,q_sf_inc,q_dot_rec_inc) for the annual figures and the comparison with SAM.")
    var samHourly: String?
    @Option(help: "Write per-heliostat annual figures to this CSV.") var heliostats: String?
    @Option(help: "Write hourly efficiency and power to this CSV.") var hourly: String?

    func run() throws {
        if let heliostats { try reportingErrors { try AtomicFile.checkTarget(heliostats) } }
        let spec = try input.load()
        let optics = try FieldOptics(spec: spec)
        print("field: \(spec.layout.count) heliostats, reflective area \(String(format: "%.0f", spec.reflectiveArea)) m², \(String(format: "%.1f", optics.neighbours.meanCount)) neighbours each")
        let dp = try optics.designPoint(sun: SunPosition(zenith: designZenithDeg * .pi / 180, azimuth: designAzimuthDeg * .pi / 180),
                                        dni: designDni, threads: input.threads)
        printChain("design point (zenith \(designZenithDeg)°, azimuth \(designAzimuthDeg)°, DNI \(designDni) W/m²): power on receiver \(String(format: "%.2f", dp.powerOnReceiver[0] / 1e6)) MW", dp.components[0])
        guard let path = samHourly else {
            // No weather: per-heliostat figures at the design point (powers instead of annual energies).
            if let out = heliostats {
                try writeHeliostatCSV(out, spec: spec, result: dp, energyHeader: "incident_MW,delivered_MW", energyScale: 1e-6)
                print("wrote \(out) (design point)")
            }
            return
        }
        let sam = try SAMHourly(path: path)
        let clock = Date()
        let r = try optics.run(sun: sam.sun, dni: sam.dni, windSpeed: sam.wind,
                               interval: [Double](repeating: 3600, count: sam.sun.count), threads: input.threads)
        let secs = Date().timeIntervalSince(clock)
        printChain("annual (\(r.efficiency.filter { $0 > 0 }.count) tracking hours, \(String(format: "%.2f", secs)) s): energy on receiver \(String(format: "%.1f", r.energyOnReceiver / 3.6e12)) GWh", r.annual)
        // Comparison with SAM. Matching convention: SAM's eta_field folds in reflectance (0.9) and availability
        // (helio_active_fraction), as this model's chain does; SAM reports eta_field = 0 when its field does not
        // track and scales both eta_field and q_sf_inc down in hours its field tracks only part of (start-up,
        // shut-down). So hours are compared where SAM's field tracked the whole hour:
        // eta_field > 0 and q_sf_inc ≥ 0.999 · DNI · A_sf (A_sf = this field's reflective area).
        let aSF = spec.reflectiveArea
        var xs: [Double] = [], ys: [Double] = []
        var mine = 0.0, samField = 0.0, samRec = 0.0, mineAll = 0.0, mineOn = 0.0, samOn = 0.0
        for h in 0..<sam.sun.count {
            mineAll += r.powerOnReceiver[h]
            samRec += sam.qRecInc[h]
            if sam.etaField[h] > 0 {
                mineOn += r.powerOnReceiver[h]; samOn += sam.qSfInc[h] * sam.etaField[h]
                if sam.qSfInc[h] >= 0.999 * sam.dni[h] * aSF {
                    xs.append(r.efficiency[h]); ys.append(sam.etaField[h])
                    mine += r.powerOnReceiver[h]; samField += sam.qSfInc[h] * sam.etaField[h]
                }
            }
        }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in 0..<xs.count { sxy += (xs[k] - mx) * (ys[k] - my); sxx += (xs[k] - mx) * (xs[k] - mx); syy += (ys[k] - my) * (ys[k] - my) }
        print("comparison with SAM over the \(xs.count) hours SAM's field tracked for the whole hour:")
        print(String(format: "  correlation of hourly field efficiency r = %.4f; mean efficiency here %.4f, SAM %.4f (ratio %.4f)", sxy / (sxx * syy).squareRoot(), mx, my, mx / my))
        print(String(format: "  energy on receiver in those hours: here %.1f GWh, SAM q_sf_inc × eta_field %.1f GWh (ratio %.4f)", mine / 1e9, samField / 1e9, mine / samField))
        // SAM's eta_field also carries the receiver absorptance (its receiver takes q_sf_inc·eta_field as absorbed).
        print(String(format: "  same, here × absorptance %.2f (SAM's convention): %.1f GWh (ratio %.4f)", samAbsorptance,
                     mine * samAbsorptance / 1e9, mine * samAbsorptance / samField))
        print(String(format: "  all hours SAM's field tracked (incl. partial hours): here %.1f GWh, SAM %.1f GWh (ratio %.4f)", mineOn / 1e9, samOn / 1e9, mineOn / samOn))
        print(String(format: "  SAM sum of q_dot_rec_inc %.1f GWh (after receiver start-up and defocus); here over all tracking hours %.1f GWh",
                     samRec / 1e9, mineAll / 1e9))
        if let out = heliostats {
            try writeHeliostatCSV(out, spec: spec, result: r, energyHeader: "incident_MWh,delivered_MWh", energyScale: 1 / 3.6e9)
            print("wrote \(out)")
        }
        if let out = hourly {
            var s = "record,efficiency,power_on_receiver_MW,sam_eta_field\n"
            for h in 0..<sam.sun.count { s += String(format: "%d,%.5f,%.4f,%.5f\n", h, r.efficiency[h], r.powerOnReceiver[h] / 1e6, sam.etaField[h]) }
            try s.write(toFile: out, atomically: true, encoding: .utf8)
            print("wrote \(out)")
        }
    }
}

struct OpticsRaytrace: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "raytrace", abstract: "Monte Carlo ray trace of the field at one sun position.")
    @OptionGroup var input: FieldInput
    @Option(help: "Sun zenith [deg].") var zenithDeg: Double = 30
    @Option(help: "Sun azimuth, east of north [deg].") var azimuthDeg: Double = 180
    @Option(help: "Rays per heliostat.") var raysPerHeliostat: Int = 200
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Neighbour search radius for the tracer, × largest heliostat diagonal.") var neighbourRadius: Double = 6

    func run() throws {
        let spec = try input.load()
        let sun = SunPosition(zenith: zenithDeg * .pi / 180, azimuth: azimuthDeg * .pi / 180)
        let rt = try FieldRayTracer(spec: spec, neighbourRadiusFactor: neighbourRadius)
        let r = rt.trace(sun: sun, raysPerHeliostat: raysPerHeliostat, seed: seed, threads: input.threads)
        printChain(String(format: "ray trace: %d rays in %.3f s (%.2f M rays/s), efficiency %.5f ± %.5f (1σ)",
                          r.rays, r.seconds, Double(r.rays) / r.seconds / 1e6, r.efficiency, r.standardError), r.components)
        let an = try FieldOptics(spec: spec).designPoint(sun: sun, dni: 1000, threads: input.threads)
        printChain("analytical model at the same sun:", an.components[0])
        print(String(format: "difference analytical − ray trace: %+.2f pp", 100 * (an.efficiency[0] - r.efficiency)))
    }
}

struct OpticsValidate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate",
        abstract: "Analytical model vs ray tracer at many sun positions (default: 12 built-in ones; --positions for others, e.g. SAM's 44-position efficiency table).")
    @OptionGroup var input: FieldInput
    @Option(help: "CSV of sun positions: sun_azimuth_deg,sun_zenith_deg[,…] with a header.") var positions: String?
    @Option(help: "Rays per heliostat.") var raysPerHeliostat: Int = 300
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func run() throws {
        let spec = try input.load()
        var suns: [(az: Double, zen: Double, ref: Double?)] = []
        if let p = positions {
            let t = try String(contentsOfFile: p, encoding: .utf8)
            for l in t.split(whereSeparator: \.isNewline).dropFirst() {
                let f = l.split(separator: ",").compactMap { Double($0) }
                if f.count >= 2 { suns.append((f[0], f[1], f.count >= 3 ? f[2] : nil)) }
            }
        } else {
            for (a, z) in [(180.0, 12.7), (180, 30), (180, 50), (180, 70), (90, 45), (90, 75), (270, 45), (270, 78),
                           (120, 60), (240, 60), (135, 80), (225, 35)] { suns.append((a, z, nil)) }
        }
        let optics = try FieldOptics(spec: spec)
        let rt = try FieldRayTracer(spec: spec)
        print("azimuth zenith | analytical  raytrace ±1σ   diff[pp] | cos  shade block  att  icpt (analytical / raytrace)" + (suns.first?.ref != nil ? " | SAM" : ""))
        var maxDiff = 0.0
        var totalRays = 0, totalSecs = 0.0
        for s in suns {
            let sun = SunPosition(zenith: s.zen * .pi / 180, azimuth: s.az * .pi / 180)
            let a = try optics.designPoint(sun: sun, dni: 1000, threads: input.threads).components[0]
            let r = rt.trace(sun: sun, raysPerHeliostat: raysPerHeliostat, seed: seed, threads: input.threads)
            totalRays += r.rays; totalSecs += r.seconds
            let d = 100 * (a.total - r.efficiency)
            maxDiff = max(maxDiff, abs(d))
            let c = r.components
            var line = String(format: "%7.2f %6.2f | %9.4f %9.4f ±%.4f %+7.2f | %.4f/%.4f %.4f/%.4f %.4f/%.4f %.4f/%.4f %.4f/%.4f",
                              s.az, s.zen, a.total, r.efficiency, r.standardError, d, a.cosine, c.cosine, a.shading, c.shading,
                              a.blocking, c.blocking, a.attenuation, c.attenuation, a.intercept, c.intercept)
            if let ref = s.ref { line += String(format: " | %.4f", ref) }
            print(line)
        }
        print(String(format: "max |analytical − ray trace| = %.2f pp over %d sun positions; ray tracer %.2f M rays/s", maxDiff, suns.count, Double(totalRays) / totalSecs / 1e6))
    }
}

struct OpticsBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench",
        abstract: "Times a full year of per-heliostat, per-hour optics (sun/DNI/wind from a SAM hourly CSV).")
    @OptionGroup var input: FieldInput
    @Option(help: "SAM hourly CSV giving sun, DNI and wind.") var samHourly: String
    @Option(help: "Repetitions (the best is reported).") var repeats: Int = 3

    func run() throws {
        let spec = try input.load()
        let sam = try SAMHourly(path: samHourly)
        var t0 = Date()
        let optics = try FieldOptics(spec: spec)
        let setup = Date().timeIntervalSince(t0)
        var best = Double.infinity, bestCPU = Double.infinity
        var r: FieldYearResult? = nil
        for _ in 0..<max(1, repeats) {
            t0 = Date()
            let c0 = processCPUSeconds()
            r = try optics.run(sun: sam.sun, dni: sam.dni, windSpeed: sam.wind,
                               interval: [Double](repeating: 3600, count: sam.sun.count), threads: input.threads)
            best = min(best, Date().timeIntervalSince(t0))
            bestCPU = min(bestCPU, processCPUSeconds() - c0)
        }
        let hours = r!.efficiency.filter { $0 > 0 }.count
        let hh = Double(hours * spec.layout.count)
        print(String(format: "%d heliostats × %d tracking hours = %.1f M heliostat-hours: setup %.3f s, year %.3f s wall (best of %d, %d threads), CPU %.3f s = %.1f ns per heliostat-hour, annual efficiency %.4f",
                     spec.layout.count, hours, hh / 1e6, setup, best, repeats, input.threads, bestCPU, bestCPU / hh * 1e9, r!.annual.total))
    }
}

struct OpticsLayout: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "layout", abstract: "Builds (generates or reads) the field layout, times it and writes it as CSV.")
    @OptionGroup var input: FieldInput
    @Option(help: "Output CSV (x_m,y_m,z_m,class).") var output: String?

    func run() throws {
        let t0 = Date()
        let spec = try input.load()
        let secs = Date().timeIntervalSince(t0)
        let r = zip(spec.layout.x, spec.layout.y).map { ($0 * $0 + $1 * $1).squareRoot() }
        print(String(format: "%d heliostats, reflective area %.0f m², radius %.1f–%.1f m, built in %.3f s",
                     spec.layout.count, spec.reflectiveArea, r.min() ?? 0, r.max() ?? 0, secs))
        if let o = output { try spec.layout.writeCSV(to: URL(fileURLWithPath: o)); print("wrote \(o)") }
    }
}

/// CPU time used by this process so far (all threads). [s]
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Ray tracer (and the receiver-independent part of the analytical model) on the Wang et al. (2020) round-C benchmark:
/// 522 heliostats of 10 × 10 m, ideal focus, ρ = 0.95, normal slope error 2 mrad per axis, billboard 8 × 6 m at
/// (0, 0, 62) facing north, α = 0.9, no attenuation, DNI 1 kW/m². Agreed values from the benchmark's summary.csv.
struct OpticsWang: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wang2020",
        abstract: "Checks the ray tracer against the Wang et al. (2020) round-C agreed results (needs ../shared/reference/wang2020-raytrace).")
    @Option(help: "Layout CSV (wang2020_field_522.csv).") var layout: String = "../shared/reference/wang2020-raytrace/wang2020_field_522.csv"
    @Option(help: "Agreed results CSV (agreed-results.csv).") var agreed: String = "../shared/reference/wang2020-raytrace/agreed-results.csv"
    @Option(help: "Rays per heliostat.") var raysPerHeliostat: Int = 20000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Worker threads.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let L = try FieldLayout.csv(url: URL(fileURLWithPath: layout))
        guard let text = try? String(contentsOfFile: agreed, encoding: .utf8) else { throw ValidationError("\(agreed): cannot read") }
        var ref: [String: [Double]] = [:]
        for l in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            ref[f[0]] = f.dropFirst().map { Double($0) ?? .nan }
        }
        let cls = HeliostatClass(width: 10, height: 10, reflectiveFraction: 1, reflectance: 0.95, cleanliness: 1,
                                 slopeError: 2e-3, trackingError: 0, focusing: .focusedAtSlantRange)
        let cases: [(String, Double, Double, SunShape)] = [("C_1.1", 180, 12, .pillbox(halfAngle: 4.65e-3)), ("C_1.2", 76, 68, .pillbox(halfAngle: 4.65e-3)),
                                                           ("C_2.1", 180, 12, .buie(csr: 0.02, convention: Wang2020Case.buieConvention)),
                                                           ("C_2.2", 76, 68, .buie(csr: 0.02, convention: Wang2020Case.buieConvention))]
        print("kW      | Qshad+cos          | Qblock             | Qspil               | Qabs (α 0.9)        |  ray tracer vs agreed ±3σ")
        for (name, az, zen, sun) in cases {
            let spec = FieldSpec(classes: [cls], layout: L, receiver: ReceiverGeometry(height: 6, diameter: 1e-3, opticalHeight: 62),
                                 attenuation: .polynomial(c0: 0, c1: 0, c2: 0, c3: 0), sunShape: sun, availability: 1,
                                 stowSunElevation: -1, stowWindSpeed: 1e9)
            let rt = try FieldRayTracer(spec: spec, target: .billboard(centre: SIMD3(0, 0, 62), width: 8, height: 6, normal: SIMD3(0, 1, 0)),
                                        aimPoint: SIMD3(0, 0, 62))
            let sp = SunPosition(zenith: zen * .pi / 180, azimuth: az * .pi / 180)
            let r = rt.trace(sun: sp, raysPerHeliostat: raysPerHeliostat, seed: seed, threads: threads)
            let c = r.components
            let qall = 52200.0
            let inc = qall * c.cosine * c.shading
            let refl = inc * 0.95
            let unblocked = refl * c.blocking
            let onTarget = unblocked * c.intercept
            let got = [qall - inc, refl - unblocked, unblocked - onTarget, 0.9 * onTarget]
            let a = ref[name] ?? []
            func col(_ k: Int, _ idx: Int) -> String {
                guard a.count > idx + 1 else { return String(format: "%8.1f (no ref)     ", got[k]) }
                let d = got[k] - a[idx]
                return String(format: "%8.1f %7.1f±%-5.1f%@", got[k], a[idx], a[idx + 1], abs(d) <= a[idx + 1] ? " ok" : " ✘ ")
            }
            // agreed columns: Qall, ±, Qshad+cos, ±, Qblock, ±, Qhst_abs, ±, Qspil, ±, Qrefl, ±, Qabs, ±
            print("\(name)   | \(col(0, 2)) | \(col(1, 4)) | \(col(2, 8)) | \(col(3, 12)) | \(r.rays) rays, \(String(format: "%.1f", r.seconds)) s")
            let an = try FieldOptics(spec: spec).designPoint(sun: sp, dni: 1000, threads: threads).components[0]
            print(String(format: "  analytical model: Qshad+cos %.1f, Qblock %.1f kW (aim at the billboard centre; its intercept is for a cylinder, not shown)",
                         qall * (1 - an.cosine * an.shading), qall * an.cosine * an.shading * 0.95 * (1 - an.blocking)))
        }
    }
}

/// Per-heliostat figures as CSV, written atomically. energyScale converts the result's J (or W for a design point).
func writeHeliostatCSV(_ path: String, spec: FieldSpec, result r: FieldYearResult, energyHeader: String, energyScale: Double) throws {
    var s = "id,x_m,y_m,z_m,class,\(energyHeader),efficiency,cosine,shading,blocking,attenuation,intercept,reflectance,availability\n"
    for i in 0..<spec.layout.count {
        let c = r.heliostatComponents[i]
        s += String(format: "%d,%.3f,%.3f,%.3f,%d,%.6f,%.6f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f\n", i, spec.layout.x[i], spec.layout.y[i],
                    spec.layout.z[i], spec.layout.classIndex[i], r.heliostatIncident[i] * energyScale, r.heliostatDelivered[i] * energyScale,
                    c.total, c.cosine, c.shading, c.blocking, c.attenuation, c.intercept, c.reflectance, c.availability)
    }
    try s.write(toFile: path, atomically: true, encoding: .utf8)
}
