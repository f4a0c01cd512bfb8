import Foundation

/// Sweep outputs as text: the merged CSV and a self-contained HTML report (inline SVG heat maps and curves).
public enum SweepReport {
    /// All cases in grid order, one row each (`SweepCaseResult.csvHeader`).
    public static func csv(_ results: [SweepCaseResult]) -> String {
        ([SweepCaseResult.csvHeader] + results.sorted { $0.sweepCase < $1.sweepCase }.map(\.csvRow)).joined(separator: "\n") + "\n"
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Colour on a perceptual-ish ramp (dark blue → teal → yellow), t in 0…1.
    static func colour(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
        let x = min(1, max(0, t.isFinite ? t : 0)) * Double(stops.count - 1)
        let k = min(Int(x), stops.count - 2), f = x - Double(k)
        let a = stops[k], b = stops[k + 1]
        return String(format: "rgb(%d,%d,%d)", Int(a.0 + f * (b.0 - a.0)), Int(a.1 + f * (b.1 - a.1)), Int(a.2 + f * (b.2 - a.2)))
    }

    /// Heat map: solar multiple across, storage hours up; value per cell; best cell outlined.
    static func heatMap(title: String, unit: String, grid: SweepGrid, value: (SweepCaseResult) -> Double?,
                        results: [SweepCaseResult], best: SweepCase?, id: String) -> String {
        let byKey = Dictionary(results.map { ($0.sweepCase.key, $0) }, uniquingKeysWith: { a, _ in a })
        let nx = grid.solarMultiples.count, ny = grid.storageHours.count
        let cw = max(28.0, min(60, 560 / Double(nx))), ch = max(18.0, min(36, 420 / Double(ny)))
        let left = 60.0, top = 30.0, w = left + cw * Double(nx) + 110, h = top + ch * Double(ny) + 50
        let vals = results.compactMap(value).filter(\.isFinite)
        let lo = vals.min() ?? 0, hi = vals.max() ?? 1, span = hi > lo ? hi - lo : 1
        var s = "<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"11\">"
        s += "<text x=\"\(left)\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(esc(title)) [\(esc(unit))]</text>"
        for (ix, sm) in grid.solarMultiples.enumerated() {
            for (iy, hrs) in grid.storageHours.enumerated() {
                let x = left + Double(ix) * cw, y = top + Double(ny - 1 - iy) * ch
                let c = SweepCase(storageHours: hrs, solarMultiple: sm)
                if let r = byKey[c.key], let v = value(r), v.isFinite {
                    s += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cw)\" height=\"\(ch)\" fill=\"\(colour((v - lo) / span))\"><title>SM \(SweepCase.format(sm)), \(SweepCase.format(hrs)) h: \(String(format: "%.4g", v)) \(esc(unit))</title></rect>"
                } else {
                    s += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cw)\" height=\"\(ch)\" fill=\"#eee\" stroke=\"#ccc\"/>"
                }
                if c == best {
                    s += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cw - 2)\" height=\"\(ch - 2)\" fill=\"none\" stroke=\"red\" stroke-width=\"2\"/>"
                }
            }
            if nx <= 16 || ix % 2 == 0 {
                s += "<text x=\"\(left + (Double(ix) + 0.5) * cw)\" y=\"\(top + Double(ny) * ch + 14)\" text-anchor=\"middle\">\(SweepCase.format(sm))</text>"
            }
        }
        for (iy, hrs) in grid.storageHours.enumerated() where ny <= 20 || iy % 2 == 0 {
            s += "<text x=\"\(left - 6)\" y=\"\(top + (Double(ny - 1 - iy) + 0.7) * ch)\" text-anchor=\"end\">\(SweepCase.format(hrs))</text>"
        }
        s += "<text x=\"\(left + cw * Double(nx) / 2)\" y=\"\(h - 8)\" text-anchor=\"middle\">solar multiple</text>"
        s += "<text transform=\"translate(14,\(top + ch * Double(ny) / 2)) rotate(-90)\" text-anchor=\"middle\">storage [h]</text>"
        // Colour bar.
        let bx = left + cw * Double(nx) + 20
        for k in 0..<20 {
            s += "<rect x=\"\(bx)\" y=\(String(format: "\"%.1f\"", top + Double(19 - k) * ch * Double(ny) / 20)) width=\"14\" height=\(String(format: "\"%.1f\"", ch * Double(ny) / 20 + 0.5)) fill=\"\(colour(Double(k) / 19))\"/>"
        }
        s += "<text x=\"\(bx + 18)\" y=\"\(top + 10)\">\(String(format: "%.4g", hi))</text>"
        s += "<text x=\"\(bx + 18)\" y=\"\(top + ch * Double(ny))\">\(String(format: "%.4g", lo))</text>"
        return s + "</svg>"
    }

    /// Curves: value against storage hours, one line per solar multiple.
    static func curves(title: String, unit: String, grid: SweepGrid, value: (SweepCaseResult) -> Double?,
                       results: [SweepCaseResult], id: String) -> String {
        let w = 640.0, h = 360.0, l = 60.0, r = 120.0, t = 30.0, b = 40.0
        let vals = results.compactMap(value).filter(\.isFinite)
        let lo = vals.min() ?? 0, hi = vals.max() ?? 1, span = hi > lo ? hi - lo : 1
        let hx0 = grid.storageHours.first!, hx1 = grid.storageHours.last!, hspan = hx1 > hx0 ? hx1 - hx0 : 1
        func X(_ v: Double) -> Double { l + (v - hx0) / hspan * (w - l - r) }
        func Y(_ v: Double) -> Double { h - b - (v - lo) / span * (h - t - b) }
        var s = "<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" font-size=\"11\">"
        s += "<text x=\"\(l)\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(esc(title)) [\(esc(unit))]</text>"
        s += "<line x1=\"\(l)\" y1=\"\(h - b)\" x2=\"\(w - r)\" y2=\"\(h - b)\" stroke=\"#444\"/><line x1=\"\(l)\" y1=\"\(t)\" x2=\"\(l)\" y2=\"\(h - b)\" stroke=\"#444\"/>"
        s += "<text x=\"\(l - 4)\" y=\"\(t + 4)\" text-anchor=\"end\">\(String(format: "%.4g", hi))</text><text x=\"\(l - 4)\" y=\"\(h - b)\" text-anchor=\"end\">\(String(format: "%.4g", lo))</text>"
        s += "<text x=\"\(l)\" y=\"\(h - b + 14)\" text-anchor=\"middle\">\(SweepCase.format(hx0))</text><text x=\"\(w - r)\" y=\"\(h - b + 14)\" text-anchor=\"middle\">\(SweepCase.format(hx1))</text>"
        s += "<text x=\"\((l + w - r) / 2)\" y=\"\(h - 6)\" text-anchor=\"middle\">storage [h]</text>"
        let byKey = Dictionary(results.map { ($0.sweepCase.key, $0) }, uniquingKeysWith: { a, _ in a })
        for (k, sm) in grid.solarMultiples.enumerated() {
            let pts = grid.storageHours.compactMap { hr -> String? in
                guard let r = byKey[SweepCase(storageHours: hr, solarMultiple: sm).key], let v = value(r), v.isFinite else { return nil }
                return String(format: "%.1f,%.1f", X(hr), Y(v))
            }
            guard !pts.isEmpty else { continue }
            let col = colour(grid.solarMultiples.count > 1 ? Double(k) / Double(grid.solarMultiples.count - 1) : 0.5)
            s += "<polyline fill=\"none\" stroke=\"\(col)\" stroke-width=\"1.5\" points=\"\(pts.joined(separator: " "))\"/>"
            s += "<text x=\"\(w - r + 8)\" y=\"\(t + 12 + Double(k) * 13)\" fill=\"\(col)\">SM \(SweepCase.format(sm))</text>"
        }
        return s + "</svg>"
    }

    /// Self-contained HTML: summary, best case, heat maps of net energy (and LCOE when costed), curves, table.
    public static func html(plantName: String, grid: SweepGrid, results: [SweepCaseResult], objective: SweepObjective,
                            missing: [SweepCase], notes: [String]) -> String {
        let best = objective.best(results)
        var s = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sweep: \(esc(plantName))</title>"
        s += "<style>body{font-family:sans-serif;margin:20px;max-width:1200px}table{border-collapse:collapse;font-size:12px}"
        s += "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}.best{background:#fdd}</style></head><body>"
        s += "<h1>Storage × solar multiple sweep: \(esc(plantName))</h1>"
        s += "<p>\(results.count) of \(grid.cases.count) cases; storage \(grid.storageHours.map(SweepCase.format).joined(separator: ", ")) h; "
        s += "solar multiple \(grid.solarMultiples.map(SweepCase.format).joined(separator: ", ")).</p>"
        if !missing.isEmpty { s += "<p style=\"color:#b00\">Missing cases: \(missing.map(\.key).joined(separator: ", "))</p>" }
        if let b = best {
            s += "<p id=\"best\"><b>Best by \(objective.rawValue)</b>: \(SweepCase.format(b.storageHours)) h storage, solar multiple "
            s += "\(SweepCase.format(b.solarMultiple)): \(String(format: "%.1f", b.netEnergy / 3.6e9)) MWh net, capacity factor "
            s += "\(String(format: "%.3f", b.capacityFactor))" + (b.lcoe.map { String(format: ", LCOE %.1f USD/MWh", $0) } ?? "") + " (red outline).</p>"
        }
        for n in notes { s += "<p>\(esc(n))</p>" }
        s += "<div>" + heatMap(title: "Annual net energy", unit: "GWh", grid: grid, value: { $0.netEnergy / 3.6e12 },
                              results: results, best: best?.sweepCase, id: "heat-energy") + "</div>"
        if results.contains(where: { $0.lcoe != nil }) {
            s += "<div>" + heatMap(title: "LCOE", unit: "USD/MWh", grid: grid, value: { $0.lcoe }, results: results,
                                  best: best?.sweepCase, id: "heat-lcoe") + "</div>"
        }
        s += "<div>" + heatMap(title: "Dumped (defocused) energy", unit: "GWh", grid: grid, value: { $0.dumped / 3.6e12 },
                              results: results, best: best?.sweepCase, id: "heat-dumped") + "</div>"
        s += "<div>" + curves(title: "Net energy vs storage", unit: "GWh", grid: grid, value: { $0.netEnergy / 3.6e12 }, results: results, id: "curve-energy")
        if results.contains(where: { $0.lcoe != nil }) {
            s += curves(title: "LCOE vs storage", unit: "USD/MWh", grid: grid, value: { $0.lcoe }, results: results, id: "curve-lcoe")
        }
        s += "</div><h2>All cases</h2><table><tr>" + SweepCaseResult.csvHeader.split(separator: ",").map { "<th>\($0)</th>" }.joined() + "</tr>"
        for r in results.sorted(by: { $0.sweepCase < $1.sweepCase }) {
            let cells = r.csvRow.split(separator: ",", omittingEmptySubsequences: false).map { c -> String in
                if let v = Double(c), c.contains(".") { return String(format: "%.4g", v) }
                return String(c)
            }
            s += "<tr\(r.sweepCase == best?.sweepCase ? " class=\"best\"" : "")>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return s + "</table></body></html>\n"
    }
}
