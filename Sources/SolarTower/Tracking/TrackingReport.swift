import Foundation

/// Text, CSV and HTML renderings of a `TrackingResult`. Energies in MWh, rates in percent.
public struct TrackingReport: Sendable {
    public var result: TrackingResult
    /// Title shown in the HTML report and the text header.
    public var title: String

    public init(_ result: TrackingResult, title: String = "Plant tracking") {
        self.result = result
        self.title = title
    }

    static func mwh(_ j: Double) -> String { String(format: "%.3f", j / 3.6e9) }
    static func pct(_ x: Double?) -> String { x.map { String(format: "%.2f", 100 * $0) } ?? "" }
    /// `12.34 %`, or `n/a` when there is nothing to divide by.
    static func percent(_ x: Double?) -> String { x.map { String(format: "%.2f %%", 100 * $0) } ?? "n/a" }

    /// Plain-text summary: period figures, attribution, months and the daily table.
    public func text() -> String {
        let p = result.period
        var out = "\(title)\n"
        out += "period:                  \(TrackingText.format(localSeconds: p.start)) to \(TrackingText.format(localSeconds: p.end)) (local standard time), \(result.days.count) day(s)\n"
        out += "modeled (plan):          \(Self.mwh(p.modeled)) MWh\n"
        out += "actual:                  \(Self.mwh(p.actual)) MWh\n"
        out += "achievement:             \(Self.pct(p.achievement)) %\n"
        out += "excluding faults:        \(Self.pct(p.achievementExcludingFaults)) %\n"
        out += "shortfall:               \(Self.mwh(p.shortfall)) MWh\n"
        for c in CauseCategory.allCases {
            out += "  \(c.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0))            \(Self.mwh(p.loss(c))) MWh  \(Self.percent(p.shareOfShortfall(c))) of shortfall, \(Self.percent(p.shareOfExplained(c))) of explained\n"
        }
        out += "  unexplained            \(Self.mwh(p.residual)) MWh  \(Self.pct(p.residualShare)) % of shortfall\n"
        out += "events applied:          \(result.events.count) (\(result.events.filter { $0.note.hasSuffix("(derived)") }.count) derived from the weather)\n"
        out += "\n" + table(result.months, header: "month")
        out += "\n" + table(result.days, header: "day")
        if !result.warnings.isEmpty {
            out += "\nwarnings (\(result.warnings.count)):\n"
            for w in result.warnings { out += "  \(w.description)\n" }
        }
        return out
    }

    func table(_ rows: [TrackedPeriod], header: String) -> String {
        func col(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        var out = header.padding(toLength: 12, withPad: " ", startingAt: 0)
        for h in ["modeled MWh", "actual MWh", "achiev. %", "excl. faults %", "faults MWh", "operations MWh", "weather MWh", "unexplained MWh"] {
            out += col(h, 16)
        }
        out += "\n"
        for r in rows {
            out += String(r.label.prefix(10)).padding(toLength: 12, withPad: " ", startingAt: 0)
            for v in [Self.mwh(r.modeled), Self.mwh(r.actual), Self.pct(r.achievement), Self.pct(r.achievementExcludingFaults),
                      Self.mwh(r.loss(.fault)), Self.mwh(r.loss(.operations)), Self.mwh(r.loss(.weather)), Self.mwh(r.residual)] {
                out += col(v, 16)
            }
            out += "\n"
        }
        return out
    }

    /// CSV: one row per day, then per month, then the period (column `level`).
    public func csv() -> String {
        var out = "level,label,start,end,modeled_MWh,actual_MWh,achievement_pct,achievement_excluding_faults_pct,fault_MWh,operations_MWh,weather_MWh,unexplained_MWh,fault_share_pct,operations_share_pct,weather_share_pct,unexplained_share_pct\n"
        func row(_ level: String, _ r: TrackedPeriod) {
            let label = r.label.contains(",") ? "\"\(r.label)\"" : r.label
            out += [level, label, TrackingText.format(localSeconds: r.start), TrackingText.format(localSeconds: r.end),
                    Self.mwh(r.modeled), Self.mwh(r.actual), Self.pct(r.achievement), Self.pct(r.achievementExcludingFaults),
                    Self.mwh(r.loss(.fault)), Self.mwh(r.loss(.operations)), Self.mwh(r.loss(.weather)), Self.mwh(r.residual),
                    Self.pct(r.shareOfShortfall(.fault)), Self.pct(r.shareOfShortfall(.operations)),
                    Self.pct(r.shareOfShortfall(.weather)), Self.pct(r.residualShare)].joined(separator: ",") + "\n"
        }
        for d in result.days { row("day", d) }
        for m in result.months { row("month", m) }
        row("period", result.period)
        return out
    }

    // MARK: HTML

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// A "nice" axis step for a range. [same unit as span]
    static func niceStep(_ span: Double, ticks: Int = 5) -> Double {
        guard span > 0 else { return 1 }
        let raw = span / Double(ticks)
        let mag = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 2.5, 5, 10] where m * mag >= raw { return m * mag }
        return 10 * mag
    }

    /// Daily modeled vs actual bars. [SVG]
    func dailyBarsSVG() -> String {
        let days = result.days
        let w = 900.0, h = 300.0, left = 60.0, bottom = 40.0, top = 20.0
        let vmax = max(1e-9, days.map { max($0.modeled, $0.actual) }.max() ?? 1) / 3.6e9
        let vmin = min(0, days.map { min($0.modeled, $0.actual) }.min() ?? 0) / 3.6e9
        let step = Self.niceStep(vmax - vmin)
        let hi = (vmax / step).rounded(.up) * step, lo = (vmin / step).rounded(.down) * step
        func y(_ v: Double) -> Double { top + (h - top - bottom) * (hi - v) / max(hi - lo, 1e-9) }
        let slot = (w - left - 10) / Double(max(days.count, 1))
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"daily modeled and actual generation\">\n"
        var v = lo
        while v <= hi + step / 2 {
            s += "<line x1=\"\(Self.f(left))\" x2=\"\(Self.f(w - 10))\" y1=\"\(Self.f(y(v)))\" y2=\"\(Self.f(y(v)))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\">\(String(format: "%g", v))</text>\n"
            v += step
        }
        for (k, d) in days.enumerated() {
            let x = left + Double(k) * slot
            let bw = max(1, slot * 0.4)
            let m = d.modeled / 3.6e9, a = d.actual / 3.6e9
            s += "<rect class=\"modeled\" x=\"\(Self.f(x + slot * 0.1))\" y=\"\(Self.f(min(y(m), y(0))))\" width=\"\(Self.f(bw))\" height=\"\(Self.f(abs(y(0) - y(m))))\" fill=\"#9db7d5\"><title>\(d.label) modeled \(Self.mwh(d.modeled)) MWh</title></rect>"
            s += "<rect class=\"actual\" x=\"\(Self.f(x + slot * 0.1 + bw))\" y=\"\(Self.f(min(y(a), y(0))))\" width=\"\(Self.f(bw))\" height=\"\(Self.f(abs(y(0) - y(a))))\" fill=\"#e08a2c\"><title>\(d.label) actual \(Self.mwh(d.actual)) MWh</title></rect>\n"
            let every = max(1, Int((Double(days.count) / 14).rounded(.up)))
            if k % every == 0 {
                s += "<text x=\"\(Self.f(x + slot / 2))\" y=\"\(Self.f(h - bottom + 14))\" text-anchor=\"middle\" font-size=\"10\">\(d.label.suffix(5))</text>\n"
            }
        }
        s += "<text x=\"14\" y=\"\(Self.f(h / 2))\" transform=\"rotate(-90 14 \(Self.f(h / 2)))\" text-anchor=\"middle\" font-size=\"12\">MWh per day</text>"
        s += "<rect x=\"\(Self.f(w - 220))\" y=\"4\" width=\"12\" height=\"12\" fill=\"#9db7d5\"/><text x=\"\(Self.f(w - 204))\" y=\"14\" font-size=\"12\">modeled</text>"
        s += "<rect x=\"\(Self.f(w - 130))\" y=\"4\" width=\"12\" height=\"12\" fill=\"#e08a2c\"/><text x=\"\(Self.f(w - 114))\" y=\"14\" font-size=\"12\">actual</text>\n"
        return s + "</svg>"
    }

    /// Cumulative modeled, modeled-with-events and actual curves. [SVG]
    func cumulativeSVG() -> String {
        let days = result.days
        let w = 900.0, h = 300.0, left = 60.0, bottom = 30.0, top = 20.0
        var cm = [0.0], ce = [0.0], ca = [0.0]
        for d in days {
            cm.append(cm.last! + d.modeled / 3.6e9)
            ce.append(ce.last! + d.modeledWithEvents / 3.6e9)
            ca.append(ca.last! + d.actual / 3.6e9)
        }
        let vmax = max(1e-9, (cm + ce + ca).max()!), vmin = min(0, (cm + ce + ca).min()!)
        let step = Self.niceStep(vmax - vmin)
        let hi = (vmax / step).rounded(.up) * step, lo = (vmin / step).rounded(.down) * step
        func y(_ v: Double) -> Double { top + (h - top - bottom) * (hi - v) / max(hi - lo, 1e-9) }
        func x(_ k: Int) -> Double { left + (w - left - 10) * Double(k) / Double(max(days.count, 1)) }
        func path(_ c: [Double]) -> String { c.indices.map { "\($0 == 0 ? "M" : "L")\(Self.f(x($0))),\(Self.f(y(c[$0])))" }.joined(separator: " ") }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"cumulative generation\">\n"
        var v = lo
        while v <= hi + step / 2 {
            s += "<line x1=\"\(Self.f(left))\" x2=\"\(Self.f(w - 10))\" y1=\"\(Self.f(y(v)))\" y2=\"\(Self.f(y(v)))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\">\(String(format: "%g", v))</text>\n"
            v += step
        }
        s += "<path class=\"modeled\" d=\"\(path(cm))\" fill=\"none\" stroke=\"#4a78b0\" stroke-width=\"2\"/>\n"
        s += "<path class=\"with-events\" d=\"\(path(ce))\" fill=\"none\" stroke=\"#7a7a7a\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n"
        s += "<path class=\"actual\" d=\"\(path(ca))\" fill=\"none\" stroke=\"#e08a2c\" stroke-width=\"2\"/>\n"
        if let first = days.first, let last = days.last {
            s += "<text x=\"\(Self.f(left))\" y=\"\(Self.f(h - 8))\" font-size=\"10\">\(first.label)</text>"
            s += "<text x=\"\(Self.f(w - 10))\" y=\"\(Self.f(h - 8))\" text-anchor=\"end\" font-size=\"10\">\(last.label)</text>\n"
        }
        s += "<text x=\"14\" y=\"\(Self.f(h / 2))\" transform=\"rotate(-90 14 \(Self.f(h / 2)))\" text-anchor=\"middle\" font-size=\"12\">cumulative MWh</text>"
        let legend = [("#4a78b0", "modeled (plan)"), ("#7a7a7a", "modeled with events"), ("#e08a2c", "actual")]
        for (k, (c, t)) in legend.enumerated() {
            let lx = left + 20 + Double(k) * 170
            s += "<line x1=\"\(Self.f(lx))\" x2=\"\(Self.f(lx + 20))\" y1=\"10\" y2=\"10\" stroke=\"\(c)\" stroke-width=\"2\"/><text x=\"\(Self.f(lx + 26))\" y=\"14\" font-size=\"12\">\(t)</text>"
        }
        return s + "\n</svg>"
    }

    /// Loss waterfall from the plan to the actual: −faults, −operations, −weather, −unexplained. [SVG]
    func waterfallSVG() -> String {
        let p = result.period
        let steps: [(String, Double)] = [("faults", -p.loss(.fault)), ("operations", -p.loss(.operations)),
                                        ("weather", -p.loss(.weather)), ("unexplained", -p.residual)]
        let w = 900.0, h = 320.0, left = 60.0, bottom = 40.0, top = 20.0
        var levels = [p.modeled]
        for (_, d) in steps { levels.append(levels.last! + d) }
        let vmax = max(1e-9, levels.max()!) / 3.6e9, vmin = min(0, levels.min()!) / 3.6e9
        let step = Self.niceStep(vmax - vmin)
        let hi = (vmax / step).rounded(.up) * step, lo = (vmin / step).rounded(.down) * step
        func y(_ v: Double) -> Double { top + (h - top - bottom) * (hi - v / 3.6e9) / max(hi - lo, 1e-9) }
        let slot = (w - left - 10) / 6
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"loss waterfall\">\n"
        var v = lo
        while v <= hi + step / 2 {
            let yy = top + (h - top - bottom) * (hi - v) / max(hi - lo, 1e-9)
            s += "<line x1=\"\(Self.f(left))\" x2=\"\(Self.f(w - 10))\" y1=\"\(Self.f(yy))\" y2=\"\(Self.f(yy))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(yy + 4))\" text-anchor=\"end\" font-size=\"11\">\(String(format: "%g", v))</text>\n"
            v += step
        }
        func bar(_ k: Int, _ a: Double, _ b: Double, _ color: String, _ label: String, _ value: String, _ cls: String) {
            let x = left + Double(k) * slot + slot * 0.15
            s += "<rect class=\"\(cls)\" x=\"\(Self.f(x))\" y=\"\(Self.f(min(y(a), y(b))))\" width=\"\(Self.f(slot * 0.7))\" height=\"\(Self.f(max(1, abs(y(a) - y(b)))))\" fill=\"\(color)\"><title>\(label) \(value)</title></rect>"
            s += "<text x=\"\(Self.f(x + slot * 0.35))\" y=\"\(Self.f(h - bottom + 14))\" text-anchor=\"middle\" font-size=\"12\">\(label)</text>"
            s += "<text x=\"\(Self.f(x + slot * 0.35))\" y=\"\(Self.f(min(y(a), y(b)) - 4))\" text-anchor=\"middle\" font-size=\"11\">\(value)</text>\n"
        }
        bar(0, 0, p.modeled, "#4a78b0", "modeled", Self.mwh(p.modeled), "total")
        let colors = ["#c0392b", "#8e44ad", "#2e86c1", "#95a5a6"]
        for (k, (label, d)) in steps.enumerated() {
            bar(k + 1, levels[k], levels[k + 1], colors[k], label, Self.mwh(-d), "loss")
        }
        bar(5, 0, p.actual, "#e08a2c", "actual", Self.mwh(p.actual), "total")
        s += "<text x=\"14\" y=\"\(Self.f(h / 2))\" transform=\"rotate(-90 14 \(Self.f(h / 2)))\" text-anchor=\"middle\" font-size=\"12\">MWh</text>"
        return s + "\n</svg>"
    }

    /// A self-contained HTML page (no scripts, no external resources) with the figures, three inline SVG
    /// charts (daily bars, cumulative curves, loss waterfall), the monthly and daily tables and the warnings.
    public func html() -> String {
        let p = result.period
        var s = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:960px}
        table{border-collapse:collapse;font-size:13px;margin:8px 0 20px}
        th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}
        .figures td{font-size:15px}
        svg{display:block;margin:8px 0 24px;max-width:100%;height:auto;background:#fff}
        .warn{color:#8a5a00;font-size:13px}
        </style></head><body>
        <h1>\(Self.escape(title))</h1>
        <p>\(Self.escape(result.site.name)) · \(TrackingText.format(localSeconds: p.start)) to \(TrackingText.format(localSeconds: p.end)) (local standard time) · rated \(String(format: "%.1f", result.ratedNetPower / 1e6)) MW net</p>
        <table class="figures">
        <tr><td>Modeled (plan)</td><td>\(Self.mwh(p.modeled)) MWh</td></tr>
        <tr><td>Actual</td><td>\(Self.mwh(p.actual)) MWh</td></tr>
        <tr><td>Achievement</td><td>\(Self.pct(p.achievement)) %</td></tr>
        <tr><td>Achievement excluding faults</td><td>\(Self.pct(p.achievementExcludingFaults)) %</td></tr>
        </table>
        <h2>Shortfall attribution</h2>
        <table><tr><th>cause</th><th>MWh</th><th>% of shortfall</th><th>% of explained</th></tr>

        """
        for c in CauseCategory.allCases {
            s += "<tr><td>\(c.rawValue)</td><td>\(Self.mwh(p.loss(c)))</td><td>\(Self.pct(p.shareOfShortfall(c)))</td><td>\(Self.pct(p.shareOfExplained(c)))</td></tr>\n"
        }
        s += "<tr><td>unexplained</td><td>\(Self.mwh(p.residual))</td><td>\(Self.pct(p.residualShare))</td><td></td></tr>\n"
        s += "<tr><th>shortfall</th><th>\(Self.mwh(p.shortfall))</th><th>100.00</th><th></th></tr></table>\n"
        s += "<p>Split by Shapley values over the three causes (each of the 8 subsets simulated once), so no cause order matters.</p>\n"
        s += "<h2>Daily modeled vs actual</h2>\n" + dailyBarsSVG() + "\n"
        s += "<h2>Cumulative generation</h2>\n" + cumulativeSVG() + "\n"
        s += "<h2>Loss waterfall</h2>\n" + waterfallSVG() + "\n"
        func htmlTable(_ rows: [TrackedPeriod], _ head: String) -> String {
            var t = "<table><tr><th>\(head)</th><th>modeled MWh</th><th>actual MWh</th><th>achievement %</th><th>excl. faults %</th><th>faults MWh</th><th>operations MWh</th><th>weather MWh</th><th>unexplained MWh</th></tr>\n"
            for r in rows {
                t += "<tr><td>\(Self.escape(r.label))</td><td>\(Self.mwh(r.modeled))</td><td>\(Self.mwh(r.actual))</td><td>\(Self.pct(r.achievement))</td><td>\(Self.pct(r.achievementExcludingFaults))</td><td>\(Self.mwh(r.loss(.fault)))</td><td>\(Self.mwh(r.loss(.operations)))</td><td>\(Self.mwh(r.loss(.weather)))</td><td>\(Self.mwh(r.residual))</td></tr>\n"
            }
            return t + "</table>\n"
        }
        s += "<h2>Months</h2>\n" + htmlTable(result.months, "month")
        s += "<h2>Days</h2>\n" + htmlTable(result.days, "day")
        s += "<h2>Events applied (\(result.events.count))</h2>\n<table><tr><th>start</th><th>end</th><th>category</th><th>component</th><th>lost fraction</th><th>note</th><th>origin</th></tr>\n"
        for e in result.events.sorted(by: { $0.start < $1.start }) {
            s += "<tr><td>\(TrackingText.format(localSeconds: e.start))</td><td>\(TrackingText.format(localSeconds: e.end))</td><td>\(e.category.rawValue)</td><td>\(e.target)</td><td>\(String(format: "%.3f", e.lostFraction))</td><td>\(Self.escape(e.note))</td><td>\(Self.escape(e.origin))</td></tr>\n"
        }
        s += "</table>\n"
        if !result.warnings.isEmpty {
            s += "<h2>Warnings (\(result.warnings.count))</h2>\n<ul class=\"warn\">\n"
            for w in result.warnings { s += "<li>\(Self.escape(w.description))</li>\n" }
            s += "</ul>\n"
        }
        return s + "</body></html>\n"
    }
}
