import Foundation
import Testing
@testable import SolarTower

/// The sweep's HTML report rendered by headless Chromium: heat maps laid out with every cell drawn.
@Suite("Sweep HTML report")
struct SweepReportRenderTests {

    /// Synthetic results on a 4 × 3 grid (values are made up for layout; the physics is tested elsewhere).
    static func results(_ grid: SweepGrid) -> [SweepCaseResult] {
        grid.cases.map { c in
            SweepCaseResult(storageHours: c.storageHours, solarMultiple: c.solarMultiple, heliostats: 100, mirrorArea: 2000,
                            receiverDesignPower: 1e6, storageCapacity: 1e10, netEnergy: 1e12 * c.storageHours * c.solarMultiple,
                            capacityFactor: 0.3, fullLoadHours: 2600, receiverIncident: 4e12, dumped: 1e11 / c.storageHours,
                            storageDischarged: 1e12, storageCycles: 100, receiverStarts: 300, tankLosses: 2e11, installedCost: 1e7,
                            lcoe: 100 + c.storageHours - c.solarMultiple)
        }
    }

    @Test(.enabled(if: HeadlessChromium.path != nil, "needs headless Chromium"), .timeLimit(.minutes(1)))
    func heatMapsRenderInHeadlessChromium() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-shot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let grid = try SweepGrid(storageHours: [2, 4, 6, 8], solarMultiples: [1.5, 2, 2.5])
        let html = SweepReport.html(plantName: "render test", grid: grid, results: Self.results(grid), objective: .lcoe,
                                    missing: [], notes: [])
        // Probe: per heat map, rendered size and the number of coloured cells with a non-empty box.
        let probe = """
            <script>
            const out = [...document.querySelectorAll('svg[id^=heat]')].map(s => { const r = s.getBoundingClientRect();
              const n = [...s.querySelectorAll('rect')].filter(e => { const b = e.getBBox();
                return b.width > 0 && b.height > 0 && (e.getAttribute('fill') || '').startsWith('rgb') && e.querySelector('title') }).length;
              return s.id + ':' + Math.round(r.width) + ':' + Math.round(r.height) + ':' + n });
            const p = document.createElement('pre'); p.textContent = 'MAPS ' + out.join(' '); document.body.appendChild(p);
            </script>
            """
        let probed = dir.appendingPathComponent("probe.html")
        try AtomicFile.write(html.replacingOccurrences(of: "</body>", with: probe + "</body>"), to: probed.path)
        let dom = try HeadlessChromium.run(["--dump-dom", probed.absoluteString], width: 1200, height: 1800)
        let start = try #require(dom.range(of: "<pre>MAPS "))
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let maps = dom[start.upperBound..<end.lowerBound].split(separator: " ").map { $0.split(separator: ":").map(String.init) }
        #expect(maps.map { $0[0] } == ["heat-energy", "heat-lcoe", "heat-dumped"])
        for m in maps {
            #expect(Int(m[1])! >= 200 && Int(m[2])! >= 100, "\(m)")
            #expect(Int(m[3]) == grid.cases.count, "every cell drawn: \(m)")
        }
        // Screenshot: a PNG at the window size.
        let page = dir.appendingPathComponent("sweep.html"), png = dir.appendingPathComponent("shot.png")
        try AtomicFile.write(html, to: page.path)
        _ = try HeadlessChromium.run(["--screenshot=\(png.path)", page.absoluteString], width: 1200, height: 1800)
        let data = try Data(contentsOf: png)
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func be32(_ o: Int) -> Int { data[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(be32(16) == 1200 && be32(20) == 1800)
    }
}
