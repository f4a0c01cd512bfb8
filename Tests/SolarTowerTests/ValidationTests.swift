import Foundation
import Testing
@testable import SolarTower
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The fast rows (IF97 when ../shared is present, the SPA test vector always) run and pass.
@Test func fastValidationRowsPass() {
    let context = ValidationContext(sharedRoot: SharedData.available ? SharedData.root : nil)
    let report = ValidationSuite(cases: [IF97Validation.group, SunValidation.testVectorGroup,
                                         IF97Region3BackwardValidation.group]).run(in: context)
    #expect(report.failCount == 0, "failing: \(report.allRows.filter { $0.status == .fail }.map { "\($0.caseName) \($0.quantity)" })")
    #expect(report.groups[1].rows.count == 3)
    #expect(report.groups[2].rows.count == 12)
    if SharedData.available {
        // Every check value of the file plus the pump's exact temperature and backward-only rows.
        #expect(report.groups[0].rows.count >= 104)
        #expect(report.groups[0].skipReason == nil)
    } else {
        #expect(report.groups[0].skipReason != nil)
    }
}

@Test func groupWithMissingSharedDataIsListedAsSkipped() throws {
    let report = ValidationSuite(cases: [IF97Validation.group, SunValidation.testVectorGroup])
        .run(in: ValidationContext(sharedRoot: nil))
    let if97 = report.groups[0]
    #expect(if97.rows.isEmpty)
    #expect(try #require(if97.skipReason).contains("if97-check-values.csv"))
    #expect(report.skipCount == 1)
    let info = ValidationRunInfo(command: "solartower validate", date: Date(timeIntervalSince1970: 0),
                                 machine: "test", wallTime: 1, sharedRoot: nil)
    let md = ValidationOutput.markdown(report, info: info, plotFolder: "validation")
    #expect(md.contains("## IF97"))
    #expect(md.contains("**SKIPPED**"))
    #expect(md.contains("solartower validate"))
    let csv = ValidationOutput.csv(report)
    #expect(csv.hasPrefix("case,quantity,unit,ours,reference,deviation,tolerance,pass,source,"))
    #expect(csv.split(separator: "\n").contains { $0.hasPrefix("IF97,") && $0.contains(",skipped,") })
}

@Test func rowDeviationAndStatus() {
    func row(_ ours: Double?, _ ref: Double, _ tol: Double, _ kind: ToleranceKind) -> ValidationRow {
        ValidationRow(caseName: "c", quantity: "q", unit: "u", ours: ours, reference: ref, tolerance: tol,
                      toleranceKind: kind, source: "s")
    }
    #expect(row(101, 100, 0.02, .relative).deviation == 0.01)
    #expect(row(101, 100, 0.02, .relative).status == .pass)
    #expect(row(103, 100, 0.02, .relative).status == .fail)
    #expect(row(99, -100, 0.5, .relative).deviation == 1.99)
    #expect(row(1.5, 1, 0.5, .absolute).status == .pass)
    #expect(row(1.5, 1, 0.4, .absolute).status == .fail)
    #expect(row(nil, 1, 1, .absolute).status == .fail)
    #expect(row(.nan, 1, 1, .absolute).status == .fail)
    #expect(row(.infinity, 1, 1, .relative).status == .fail)
    #expect(row(1, 0, 1, .relative).status == .fail)
    let skipped = ValidationRow.skipped(caseName: "c", quantity: "q", unit: "u", tolerance: 1, toleranceKind: .absolute,
                                        source: "s", reason: "no tool")
    #expect(skipped.status == .skipped)
}

@Test func printedPrecisionToleranceFollowsTheDigits() {
    let six = printedPrecisionTolerance("0.782581", base: 1e-8)
    #expect(six.digits == 6)
    #expect(abs(six.tolerance - 0.5e-6 / 0.782581) < 1e-15)
    let nine = printedPrecisionTolerance("0.00100215168", base: 1e-8)
    #expect(nine.digits == 9)
    #expect(nine.tolerance == 1e-8)
    #expect(printedPrecisionTolerance("623.15", base: 1e-8).digits == 5)
}

/// Local implementation of the facts.md correlations (Zavoico, T in °C), for the salt row producer.
let zavoicoSaltForTest = SaltPropertyFunctions(
    label: "test Zavoico",
    density: { t in 2090 - 0.636 * (t - 273.15) },
    specificHeat: { t in 1443 + 0.172 * (t - 273.15) },
    enthalpyChange: { t1, t2 in
        let a = t1 - 273.15, b = t2 - 273.15
        return 1443 * (b - a) + 0.086 * (b * b - a * a)
    })

@Test func saltRowsPassForTheCorrelationAndFailForAnotherFit() throws {
    let rows = SaltValidation.rows(zavoicoSaltForTest)
    #expect(rows.count == 5 * 2 + 4 + 1)
    #expect(rows.allSatisfy { $0.status == .pass }, "\(rows.filter { $0.status != .pass }.map { "\($0.caseName) \($0.quantity)" })")
    // SAM's code-17 polynomial (solar-salt.md section B) differs by ~0.2–0.6 % in density: those rows must fail.
    let sam = SaltPropertyFunctions(
        label: "SAM code 17",
        density: { t in -1e-7 * t * t * t + 2e-4 * t * t - 0.7875 * t + 2299.4 },
        specificHeat: { t in (-1e-10 * t * t * t + 2e-7 * t * t + 5e-6 * t + 1.4387) * 1e3 },
        enthalpyChange: { _, _ in throw IF97Error(function: "test", message: "not provided") })
    let samRows = SaltValidation.rows(sam)
    #expect(samRows.filter { $0.quantity == "density" }.allSatisfy { $0.status == .fail })
    // An implementation that throws gives failing rows, never dropped ones.
    #expect(samRows.filter { $0.quantity.hasPrefix("h(T)") }.allSatisfy { $0.status == .fail && $0.ours == nil })
    let skippedGroup = ValidationSuite(cases: [SaltValidation.group(model: nil)]).run(in: ValidationContext(sharedRoot: nil))
    #expect(skippedGroup.skipCount == 1 && skippedGroup.failCount == 0)
}

@Test func failingRowsAreShownAsFailing() {
    let group = ValidationGroup(name: "Demo", summary: "demo") { _ in
        [ValidationRow(caseName: "a", quantity: "x", unit: "m", ours: 2, reference: 1, tolerance: 0.1,
                       toleranceKind: .absolute, source: "s")]
    }
    let thrower = ValidationGroup(name: "Broken", summary: "throws") { _ in
        throw ReferenceDataError(path: "f.csv", line: 3, column: 4, message: "bad")
    }
    let report = ValidationSuite(cases: [group, thrower]).run(in: ValidationContext(sharedRoot: nil))
    #expect(report.failCount == 2)
    let md = ValidationOutput.markdown(report, info: ValidationRunInfo(command: "c", date: Date(), machine: "m",
                                                                       wallTime: 0, sharedRoot: nil),
                                       plotFolder: nil)
    #expect(md.contains("**FAIL**"))
    #expect(md.contains("f.csv:3:4: bad"))
    #expect(ValidationOutput.csv(report).contains(",FAIL,"))
}

#if canImport(FoundationXML) || os(macOS)
final class XMLCheck: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
    }
    static func parse(_ text: String) -> (ok: Bool, elements: [String: Int]) {
        let p = XMLParser(data: Data(text.utf8))
        let d = XMLCheck()
        p.delegate = d
        return (p.parse(), d.elements)
    }
}

@Test func plotsAreWellFormedSVG() {
    let rows = (1...5).map { k in
        ValidationRow(caseName: "c\(k)", quantity: "q", unit: "u", ours: Double(k) * 1.001, reference: Double(k) * 10,
                      tolerance: 0.01, toleranceKind: .relative, source: "s & <t>")
    }
    let parity = XMLCheck.parse(ValidationPlots.parity(title: "A & B", rows: rows))
    #expect(parity.ok)
    #expect(parity.elements["svg"] == 1)
    #expect(parity.elements["circle"] == 10)  // one per row in each panel
    let bars = ValidationPlots.lossChainBars(
        title: "Loss chain", unit: "GWh", stages: ["field", "receiver", "gross", "net"],
        first: .init(label: "SolarTower", values: [1990, 840, 318, 280]),
        second: .init(label: "SAM", values: [1990.9, 836.5, 317.2, .nan]))
    let parsed = XMLCheck.parse(bars)
    #expect(parsed.ok)
    #expect(parsed.elements["rect"] == 1 + 2 + 7)  // background, legend, 7 finite bars
    #expect(bars.contains("n/a"))
    #expect(bars.contains("+0.4 %"))
}
#endif

@Test func atomicWriteLeavesOnlyTheFile() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("validation-write-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("VALIDATION.md").path
    try ValidationOutput.writeAtomically("first", to: path)
    try ValidationOutput.writeAtomically("second", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["VALIDATION.md"])
    #expect(throws: ReferenceDataError.self) {
        try ValidationOutput.writeAtomically("x", to: dir.appendingPathComponent("missing/f.md").path)
    }
}

@Test func referenceCSVHandlesQuotesAndCRLFAndReportsPositions() throws {
    let (header, records) = try ReferenceCSV.parse("a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n4,5,6\r\n", path: "t.csv")
    #expect(header == ["a", "b", "c"])
    #expect(records.count == 2)
    #expect(records[0].fields == ["1", "x, \"y\"", "3"])
    #expect(records[1].line == 4)
    do {
        _ = try ReferenceCSV.parse("a,b\n1,\"open\n", path: "t.csv")
        Issue.record("expected an error")
    } catch let e as ReferenceDataError {
        #expect(e.line == 2)
        #expect(e.description.hasPrefix("t.csv:2:"))
    }
}

/// The Delingha group reads the operator's published model figures and DNI for its three meter months, and each
/// window covers the published number of days (the full annual runs happen in `solartower validate`).
@Test(.enabled(if: SharedData.available))
func delinghaMeterMonthsReadThePublishedFigures() throws {
    let ctx = ValidationContext(sharedRoot: SharedData.root)
    let feb2020 = try DelinghaValidation.published(ctx, period: DelinghaValidation.windows[0].period)
    #expect(feb2020.model == 16.6953 && feb2020.dni == 221.15)
    let jan2022 = try DelinghaValidation.published(ctx, period: DelinghaValidation.windows[1].period)
    #expect(jan2022.model == 18.853 && jan2022.dni == 250.53)
    let design = try DelinghaValidation.published(ctx, period: "design year (TMY)")
    #expect(design.model == 146 && design.dni == 2043)
    #expect(throws: ReferenceDataError.self) { try DelinghaValidation.published(ctx, period: "no such period") }
    let days = DelinghaValidation.windows.map { $0.pieces.reduce(0) { $0 + $1.last - $1.first + 1 } }
    #expect(days == [31, 37, 28])
    #expect(DelinghaValidation.windows[1].contains(LocalTime(year: 1990, month: 12, day: 26, hour: 0)))
    #expect(!DelinghaValidation.windows[1].contains(LocalTime(year: 1990, month: 12, day: 25, hour: 23)))
}

/// Without Plants/ the Delingha group lists its rows as skipped (never silently dropped).
@Test func delinghaGroupSkipsWithoutPlants() throws {
    let report = ValidationSuite(cases: [DelinghaValidation.group(plantsFolder: nil)])
        .run(in: ValidationContext(sharedRoot: SharedData.available ? SharedData.root : nil))
    #expect(report.groups.count == 1)
    let group = report.groups[0]
    // With ../shared: the rows are listed as skipped; without it the whole group is (missing reference files).
    #expect(group.rows.allSatisfy { $0.status == .skipped })
    #expect(!group.rows.isEmpty || group.skipReason != nil)
    #expect(report.failCount == 0)
}

/// Scaling a window's DNI to a published total: the total is met, no scaled hour exceeds its clear-sky cap (or its
/// measured value where that is higher), hours outside the window and zero hours are untouched; an unreachable
/// target gives nil.
@Test func meterMonthScalingStaysWithinClearSky() throws {
    let dni = [0, 300, 600, 900, 200, 500]
    let cap = [0, 1000, 1000, 950, 1000, 1000]
    let interval = [Double](repeating: 3600, count: 6)
    let inside = [true, true, true, true, true, false]
    let target = 3000.0 * 3600   // measured inside: 2,000 Wh/m²; all at cap: 3,950 Wh/m²
    let fit = try #require(DelinghaValidation.scaledWithinClearSky(dni: dni.map(Double.init), clearSky: cap.map(Double.init),
                                                                   interval: interval, inWindow: inside, target: target))
    let total = zip(fit.dni, inside).filter(\.1).reduce(0) { $0 + $1.0 * 3600 }
    #expect(abs(total - target) < 1e-6 * target)
    #expect(fit.k > 1.5)                      // more than the uniform 1.5: some hours are capped
    #expect(fit.dni[0] == 0 && fit.dni[5] == 500)
    for i in 1..<5 { #expect(fit.dni[i] <= Double(cap[i]) + 1e-9 && fit.dni[i] >= Double(dni[i])) }
    #expect(fit.dni[3] == 950)                // 900 × k is above its 950 cap
    #expect(DelinghaValidation.scaledWithinClearSky(dni: dni.map(Double.init), clearSky: cap.map(Double.init),
                                                    interval: interval, inWindow: inside, target: 4000 * 3600) == nil)
}

/// The plant-optics group: on a 50-heliostat corpus plant, 12 rows (one per sun position), each with the ray tracer
/// as reference, issue 3's 1.0 pp tolerance and a status that follows |ours − reference|; without Plants/ the rows are
/// listed as skipped. (That toy plant's 2.5 m × 2 m receiver spills a lot: the analytical intercept is up to 1.9 pp
/// above the ray tracer there, so some of its rows fail; the shipped plants are within 0.31 pp in `validate`.)
@Test func plantOpticsGroupComparesTheAnalyticalPathWithTheRayTracer() throws {
    let folder = URL(fileURLWithPath: SharedData.corpus("plants/export-50-heliostats.toml")).deletingLastPathComponent()
    let report = ValidationSuite(cases: [PlantOpticsValidation.group(plantsFolder: folder, plantFiles: ["export-50-heliostats.toml"],
                                                                     raysPerHeliostat: 2000, threads: 2)])
        .run(in: ValidationContext(sharedRoot: nil))
    let rows = report.groups[0].rows
    #expect(report.groups[0].error == nil)
    #expect(rows.count == 12)
    for row in rows {
        let ours = try #require(row.ours), reference = try #require(row.reference)
        #expect(row.unit == "%" && row.tolerance == 1.0)
        #expect(ours > 20 && ours < 80 && reference > 20 && reference < 80, "\(row.caseName)")
        #expect(row.status == (abs(ours - reference) <= 1.0 ? .pass : .fail), "\(row.caseName)")
    }
    // Low sun near the horizon costs more than noon sun, in both models.
    #expect(rows[0].ours! > rows[10].ours! && rows[0].reference! > rows[10].reference!)
    let skipped = ValidationSuite(cases: [PlantOpticsValidation.group(plantsFolder: nil)]).run(in: ValidationContext(sharedRoot: nil))
    #expect(skipped.groups[0].rows.count == 2 && skipped.groups[0].rows.allSatisfy { $0.status == .skipped })
}
