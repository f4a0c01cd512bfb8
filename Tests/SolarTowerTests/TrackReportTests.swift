import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SolarTower

@Suite struct TrackReportTests {
    static func result() throws -> TrackingResult {
        let weather = TrackWeather.make(days: 10)
        let model = ToyPlant()
        let out = try TrackingSynth(model: model).generate(weather: weather, scenario: .balanced)
        let actual = ActualGeneration(path: "a.csv", intervals: out.actual, step: 3600, unit: .MWh)
        return try Tracker(model: model).track(weather: weather, actual: actual, events: out.loggedEvents)
    }

    /// Splits out each `<svg …</svg>` block.
    static func svgs(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let a = rest.range(of: "<svg "), let b = rest.range(of: "</svg>", range: a.upperBound..<rest.endIndex) {
            out.append(String(rest[a.lowerBound..<b.upperBound]))
            rest = rest[b.upperBound...]
        }
        return out
    }

    @Test func htmlHasThreeWellFormedCharts() throws {
        let r = try Self.result()
        let html = TrackingReport(r, title: "Toy <plant>").html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Toy &lt;plant&gt;"))
        // Self-contained: no scripts, no external resources.
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
        let charts = Self.svgs(html)
        #expect(charts.count == 3)
        for svg in charts {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
        // Daily bars: one modeled and one actual bar per day; waterfall: 2 totals + 4 losses.
        #expect(charts[0].components(separatedBy: "class=\"modeled\"").count - 1 == r.days.count)
        #expect(charts[0].components(separatedBy: "class=\"actual\"").count - 1 == r.days.count)
        #expect(charts[1].components(separatedBy: "<path ").count - 1 == 3)
        #expect(charts[2].components(separatedBy: "class=\"loss\"").count - 1 == 4)
        #expect(charts[2].components(separatedBy: "class=\"total\"").count - 1 == 2)
    }

    @Test func csvHasOneRowPerDayMonthAndPeriod() throws {
        let r = try Self.result()
        let lines = TrackingReport(r).csv().split(separator: "\n")
        #expect(lines.count == 1 + r.days.count + r.months.count + 1)
        let period = lines.last!.split(separator: ",", omittingEmptySubsequences: false)
        #expect(period.count == lines[0].split(separator: ",").count)
        #expect(period[0] == "period")
        #expect(Double(period[4]).map { abs($0 - r.period.modeled / 3.6e9) < 1e-3 } == true)
        // Percent shares of the shortfall add up to 100 (to rounding).
        let shares = period[12...15].compactMap { Double($0) }
        #expect(shares.count == 4 && abs(shares.reduce(0, +) - 100) < 0.03)
    }

    @Test func textNamesTheFigures() throws {
        let t = TrackingReport(try Self.result()).text()
        for needle in ["achievement:", "excluding faults:", "fault", "operations", "weather", "unexplained", "2022-01-10"] {
            #expect(t.contains(needle), "\(needle)")
        }
    }

    @Test func atomicWriteLeavesNoTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("track-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.html").path
        try AtomicTextFile.write("old", to: path)
        try AtomicTextFile.write("new", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.html"])
        #expect(throws: TrackingError.self) { try AtomicTextFile.write("x", to: dir.appendingPathComponent("no/such/dir/r.html").path) }
    }
}

extension TrackReportTests {

    @Test(.enabled(if: HeadlessChromium.path != nil, "needs headless Chromium"), .timeLimit(.minutes(1)))
    func htmlRendersInHeadlessChromium() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("track-shot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.result()
        let report = TrackingReport(r).html()
        // 1. Layout: a copy with a probe script reports each chart's rendered size and drawn shapes.
        let probe = """
            <script>
            const out = [...document.querySelectorAll('svg')].map(s => { const r = s.getBoundingClientRect();
              const n = [...s.querySelectorAll('rect,path')].filter(e => { const b = e.getBBox(); return b.width > 0 && b.height > 0 }).length;
              return Math.round(r.width) + ':' + Math.round(r.height) + ':' + n });
            const p = document.createElement('pre'); p.textContent = 'CHARTS ' + out.join(' '); document.body.appendChild(p);
            </script>
            """
        let probed = dir.appendingPathComponent("probe.html")
        try AtomicTextFile.write(report.replacingOccurrences(of: "</body>", with: probe + "</body>"), to: probed.path)
        let dom = try HeadlessChromium.run(["--dump-dom", probed.absoluteString], width: 1000, height: 1600)
        let start = try #require(dom.range(of: "<pre>CHARTS "))
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let charts = dom[start.upperBound..<end.lowerBound].split(separator: " ").map { $0.split(separator: ":").compactMap { Int($0) } }
        #expect(charts.count == 3)
        for c in charts { #expect(c.count == 3 && c[0] >= 600 && c[1] >= 200, "\(c)") }
        // Daily chart: 2 bars per day + legend swatches; cumulative: 3 curves; waterfall: 6 bars.
        #expect(charts.first.map { $0[2] >= 2 * r.days.count } == true)
        #expect(charts.count == 3 && charts[1][2] == 3 && charts[2][2] == 6)
        // 2. Picture: the screenshot is written at the window size.
        let png = dir.appendingPathComponent("shot.png")
        let html = dir.appendingPathComponent("report.html")
        try AtomicTextFile.write(report, to: html.path)
        _ = try HeadlessChromium.run(["--screenshot=\(png.path)", html.absoluteString], width: 1000, height: 1600)
        let data = try Data(contentsOf: png)
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func be32(_ o: Int) -> Int { data[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(be32(16) == 1000 && be32(20) == 1600)
    }

    @Test func achievementExcludingFaultsMatchesTheOperatorsDefinition() {
        // Delingha 50 MW, Jan 2022: actual 18.692 GWh, model 18.853 GWh, line maintenance 0.77 GWh → 103.23 %
        // "excluding" (shared/reference/delingha/delingha-operation.csv).
        let gwh = 3.6e12
        let p = TrackedPeriod(label: "2022-01", start: 0, end: 1, modeled: 18.853 * gwh, actual: 18.692 * gwh,
                              coalition: Array(repeating: 18.853 * gwh, count: 8), attribution: [0.77 * gwh, 0, 0])
        #expect(String(format: "%.2f", 100 * p.achievementExcludingFaults!) == "103.23")
        #expect(String(format: "%.2f", 100 * p.achievement!) == "99.15")
    }
}
