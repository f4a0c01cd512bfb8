import Foundation
import HDF5
import Testing
@testable import SolarTower

// Determinism (issue 10): identical inputs give bit-identical outputs across runs and across 1 and 2 threads —
// every hourly array and summary of the SimulationResult, the hourly CSV text and every dataset of the HDF5 file.

enum DeterminismFixture {
    static let plantPath = SharedData.corpus("plants/export-50-heliostats.toml")
    static let weatherPath = SharedData.packageRoot.appendingPathComponent("WeatherData/delingha-synthetic-tmy.csv").path
    /// Ten days of the synthetic Delingha year (spring and summer, sunny and cloudy), on the typical calendar year.
    static let weather: Result<WeatherYear, any Error> = Result {
        var w = AnnualSimulation.prepare(try WeatherReader.read(path: weatherPath))
        let days = [80, 81, 82, 150, 151, 200, 201, 202, 300, 355]
        w.records = days.flatMap { d in w.records[(d * 24)..<((d + 1) * 24)] }
        w.isTypicalYear = false
        return w
    }
    static let plant: Result<PlantDescription, any Error> = Result { try PlantDescription.load(path: plantPath) }

    static func run(threads: Int) throws -> SimulationResult {
        try AnnualSimulation.run(plant: plant.get(), weather: weather.get(), threads: threads)
    }
}

/// Differences between two values, compared bit for bit: every stored property, recursively (Double and Float by bit
/// pattern, so −0 ≠ +0 and NaN payloads count). `skip` names properties not compared (e.g. wall times).
func bitDifferences(_ a: Any, _ b: Any, path: String = "", skip: Set<String> = [], limit: Int = 10) -> [String] {
    var out: [String] = []
    func walk(_ a: Any, _ b: Any, _ path: String) {
        guard out.count < limit else { return }
        switch (a, b) {
        case let (x as Double, y as Double):
            if x.bitPattern != y.bitPattern { out.append("\(path): \(x) vs \(y)") }
        case let (x as Float, y as Float):
            if x.bitPattern != y.bitPattern { out.append("\(path): \(x) vs \(y)") }
        case let (x as [Double], y as [Double]):
            if x.count != y.count { out.append("\(path): \(x.count) vs \(y.count) values"); return }
            for i in x.indices where x[i].bitPattern != y[i].bitPattern {
                out.append("\(path)[\(i)]: \(x[i]) vs \(y[i])"); if out.count >= limit { return }
            }
        case let (x as Int, y as Int):
            if x != y { out.append("\(path): \(x) vs \(y)") }
        case let (x as Bool, y as Bool):
            if x != y { out.append("\(path): \(x) vs \(y)") }
        case let (x as String, y as String):
            if x != y { out.append("\(path): strings differ") }
        default:
            let ma = Mirror(reflecting: a), mb = Mirror(reflecting: b)
            let ca = Array(ma.children), cb = Array(mb.children)
            guard ca.count == cb.count else { out.append("\(path): \(ca.count) vs \(cb.count) children"); return }
            if ca.isEmpty {
                if String(describing: a) != String(describing: b) { out.append("\(path): \(a) vs \(b)") }
                return
            }
            for (i, (x, y)) in zip(ca, cb).enumerated() {
                let name = x.label ?? "[\(i)]"
                if skip.contains(name) { continue }
                walk(x.value, y.value, path + "." + name)
            }
        }
    }
    walk(a, b, path)
    return out
}

@Suite("Determinism", .serialized)
struct DeterminismTests {
    /// Two runs with one thread, and one with two threads: every field of the results equal bit for bit.
    @Test func simulationResultIsBitIdenticalAcrossRunsAndThreads() throws {
        let a = try DeterminismFixture.run(threads: 1)
        let b = try DeterminismFixture.run(threads: 1)
        let c = try DeterminismFixture.run(threads: 2)
        #expect(a.weather.records.count == 240)
        #expect(a.thermal.summary.net != 0 && a.field.powerOnReceiver.contains { $0 > 0 })
        #expect(a.plant.field.layout.count == 50)
        let skip: Set<String> = ["timings"]
        for (name, other) in [("second 1-thread run", b), ("2-thread run", c)] {
            #expect(bitDifferences(a.sun, other.sun, path: "sun").isEmpty, "\(name)")
            #expect(bitDifferences(a.field, other.field, path: "field").isEmpty, "\(name): \(bitDifferences(a.field, other.field, path: "field"))")
            #expect(bitDifferences(a.thermal.steps, other.thermal.steps, path: "steps").isEmpty, "\(name)")
            #expect(bitDifferences(a.thermal.summary, other.thermal.summary, path: "summary").isEmpty,
                    "\(name): \(bitDifferences(a.thermal.summary, other.thermal.summary, path: "summary"))")
            #expect(bitDifferences(a, other, skip: skip).isEmpty, "\(name): \(bitDifferences(a, other, skip: skip))")
            #expect(a.hourlyCSV() == other.hourlyCSV(), "\(name)")
        }
    }

    /// The comparison is not vacuous: a one-ulp change in one hour is found.
    @Test func bitComparisonSeesOneULP() throws {
        let a = try DeterminismFixture.run(threads: 1)
        var b = a
        b.thermal.steps[100].net = b.thermal.steps[100].net.nextUp
        #expect(bitDifferences(a.thermal.steps, b.thermal.steps).count == 1)
        var c = a
        c.field.heliostatDelivered[7] = -c.field.heliostatDelivered[7]
        #expect(!bitDifferences(a, c, skip: ["timings"]).isEmpty)
    }

    /// HDF5 results written from a 1-thread and a 2-thread run (2 threads for the per-heliostat matrix too) hold the
    /// same datasets with bit-identical values, and the same attributes apart from the recorded wall times.
    @Test func hdf5DatasetsAreBitIdenticalAcrossThreads() throws {
        let a = try DeterminismFixture.run(threads: 1)
        let c = try DeterminismFixture.run(threads: 2)
        let scratch = try ExportScratch(); defer { scratch.remove() }
        let runTime = Date(timeIntervalSince1970: 1_764_000_000)
        let pa = scratch.path("a.h5"), pc = scratch.path("c.h5")
        _ = try ResultsArchive.write(a, to: pa, options: .init(perHeliostatHourly: true, threads: 1, runTime: runTime))
        _ = try ResultsArchive.write(c, to: pc, options: .init(perHeliostatHourly: true, threads: 2, runTime: runTime,
                                                              matrixBlockRows: 50))
        let fa = try H5File.open(pa), fc = try H5File.open(pc)
        let la = try fa.contents(), lc = try fc.contents()
        #expect(la.map(\.path) == lc.map(\.path))
        var compared = 0
        for info in la {
            guard case .dataset = info.kind else { continue }
            let name = String(info.path.dropFirst())
            let da = try fa.dataset(name), dc = try fc.dataset(name)
            #expect(try da.shape() == dc.shape(), "\(name)")
            switch try da.elementType() {
            case .float(bits: 64):
                #expect(try da.read(Double.self).map(\.bitPattern) == dc.read(Double.self).map(\.bitPattern), "\(name)")
            case .float(bits: 32):
                #expect(try da.read(Float.self).map(\.bitPattern) == dc.read(Float.self).map(\.bitPattern), "\(name)")
            case .integer(bits: 32, signed: true):
                #expect(try da.read(Int32.self) == dc.read(Int32.self), "\(name)")
            case .string:
                #expect(try da.readStrings() == dc.readStrings(), "\(name)")
            case let other:
                Issue.record("\(name): element type \(other) not compared")
            }
            #expect(try da.attributes().map(\.name) == dc.attributes().map(\.name), "\(name)")
            compared += 1
        }
        #expect(compared > 40)
        #expect(try fa.contains("field/heliostats/hourly_efficiency"))
        let rootA = try fa.attributes().filter { $0.name != "run_stage_seconds" }
        let rootC = try fc.attributes().filter { $0.name != "run_stage_seconds" }
        #expect(rootA.map(\.name) == rootC.map(\.name))
        for (x, y) in zip(rootA, rootC) { #expect(x.value == y.value, "root attribute \(x.name)") }
    }
}
