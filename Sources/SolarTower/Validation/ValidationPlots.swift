import Foundation

/// Hand-written SVG plots for the validation report (no dependencies).
public enum ValidationPlots {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ x: Double) -> String { String(format: "%.2f", x) }

    /// Ticks for a linear axis: about `count` round values covering [lo, hi].
    static func linearTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        let span = hi - lo
        guard span > 0, span.isFinite else { return [lo] }
        let raw = span / Double(count)
        let mag = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var ticks: [Double] = []
        var t = Foundation.ceil(lo / step) * step
        while t <= hi + step * 1e-9 { ticks.append(t); t += step }
        return ticks
    }

    static func tickLabel(_ x: Double) -> String {
        let a = abs(x)
        if x == 0 { return "0" }
        if a >= 1e-2 && a < 1e5 { return ValidationOutput.trimZeros(String(format: "%.4g", x)) }
        return String(format: "%.0e", x)
    }

    /// Parity plot of a group: left, ours vs reference (log–log when the values are positive and span more than
    /// two decades, else linear) with the y = x line; right, each row's deviation divided by its tolerance
    /// (the normalised deviation: inside ±1 passes), clipped to ±3. Skipped rows are left out.
    public static func parity(title: String, rows: [ValidationRow]) -> String {
        let width = 960.0, height = 440.0
        let shown = rows.filter { $0.status != .skipped }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="15">\(escape(title)) — \
            \(shown.count) rows</text>

            """
        // Left panel: parity.
        let pairs = shown.compactMap { r -> (Double, Double, RowStatus)? in
            guard let o = r.ours, let ref = r.reference, o.isFinite, ref.isFinite else { return nil }
            return (ref, o, r.status)
        }
        let values = pairs.flatMap { [$0.0, $0.1] }
        let positive = !values.isEmpty && values.allSatisfy { $0 > 0 }
        let log = positive && (values.max()! / values.min()! > 100)
        let (x0, y0, w, h) = (70.0, 50.0, 360.0, 340.0)
        svg += "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"none\" stroke=\"#444\"/>\n"
        if !pairs.isEmpty {
            var lo = values.min()!, hi = values.max()!
            if log {
                lo = Foundation.floor(Foundation.log10(lo)); hi = Foundation.ceil(Foundation.log10(hi))
            } else {
                let pad = max((hi - lo) * 0.05, abs(hi) * 1e-6, 1e-12)
                lo -= pad; hi += pad
            }
            func map(_ v: Double) -> Double {
                let t = log ? Foundation.log10(v) : v
                return (t - lo) / (hi - lo)
            }
            svg += "<line x1=\"\(f(x0))\" y1=\"\(f(y0 + h))\" x2=\"\(f(x0 + w))\" y2=\"\(f(y0))\" stroke=\"#999\" "
                + "stroke-dasharray=\"4 3\"/>\n"
            let ticks: [Double] = log ? stride(from: lo, through: hi, by: max(1, Foundation.floor((hi - lo) / 6))).map { $0 }
                                      : linearTicks(lo, hi)
            for t in ticks {
                let u = (t - lo) / (hi - lo)
                let label = log ? "1e\(Int(t))" : tickLabel(t)
                svg += "<line x1=\"\(f(x0 + u * w))\" y1=\"\(f(y0 + h))\" x2=\"\(f(x0 + u * w))\" y2=\"\(f(y0 + h + 4))\" stroke=\"#444\"/>"
                svg += "<text x=\"\(f(x0 + u * w))\" y=\"\(f(y0 + h + 17))\" text-anchor=\"middle\">\(label)</text>\n"
                svg += "<line x1=\"\(f(x0 - 4))\" y1=\"\(f(y0 + h - u * h))\" x2=\"\(f(x0))\" y2=\"\(f(y0 + h - u * h))\" stroke=\"#444\"/>"
                svg += "<text x=\"\(f(x0 - 7))\" y=\"\(f(y0 + h - u * h + 4))\" text-anchor=\"end\">\(label)</text>\n"
            }
            for (ref, ours, status) in pairs {
                let px = x0 + map(ref) * w, py = y0 + h - map(ours) * h
                let color = status == .pass ? "#1f77b4" : "#d62728"
                svg += "<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"3.5\" fill=\"\(color)\" fill-opacity=\"0.7\"/>\n"
            }
        }
        svg += "<text x=\"\(f(x0 + w / 2))\" y=\"\(f(y0 + h + 36))\" text-anchor=\"middle\">reference (row unit\(log ? ", log" : ""))</text>\n"
        svg += "<text transform=\"translate(18 \(f(y0 + h / 2))) rotate(-90)\" text-anchor=\"middle\">ours (row unit\(log ? ", log" : ""))</text>\n"
        if pairs.count < shown.count {
            svg += "<text x=\"\(f(x0 + 6))\" y=\"\(f(y0 + 16))\">\(shown.count - pairs.count) row(s) without a value: see right</text>\n"
        }
        // Right panel: normalised deviation.
        let (rx, ry, rw, rh) = (540.0, 50.0, 390.0, 340.0)
        let limit = 3.0
        func ny(_ v: Double) -> Double { ry + rh / 2 - (max(-limit, min(limit, v)) / limit) * (rh / 2) }
        svg += "<rect x=\"\(f(rx))\" y=\"\(f(ny(1)))\" width=\"\(f(rw))\" height=\"\(f(ny(-1) - ny(1)))\" fill=\"#e8f5e9\"/>\n"
        svg += "<rect x=\"\(f(rx))\" y=\"\(f(ry))\" width=\"\(f(rw))\" height=\"\(f(rh))\" fill=\"none\" stroke=\"#444\"/>\n"
        for v in [-3.0, -2, -1, 0, 1, 2, 3] {
            svg += "<line x1=\"\(f(rx - 4))\" y1=\"\(f(ny(v)))\" x2=\"\(f(v == 0 ? rx + rw : rx))\" y2=\"\(f(ny(v)))\" "
                + "stroke=\"\(v == 0 ? "#999" : "#444")\"/>"
            svg += "<text x=\"\(f(rx - 7))\" y=\"\(f(ny(v) + 4))\" text-anchor=\"end\">\(v == 3 ? "≥3" : v == -3 ? "≤−3" : tickLabel(v))</text>\n"
        }
        let n = max(shown.count, 1)
        for (k, r) in shown.enumerated() {
            let px = rx + (Double(k) + 0.5) / Double(n) * rw
            let color = r.status == .pass ? "#1f77b4" : "#d62728"
            if let d = r.deviation, r.tolerance > 0 {
                svg += "<circle cx=\"\(f(px))\" cy=\"\(f(ny(d / r.tolerance)))\" r=\"3\" fill=\"\(color)\"><title>"
                    + "\(escape(r.caseName)) \(escape(r.quantity)): deviation/tolerance = \(String(format: "%.3g", d / r.tolerance))"
                    + "</title></circle>\n"
            } else {
                svg += "<text x=\"\(f(px))\" y=\"\(f(ry + rh - 6))\" text-anchor=\"middle\" fill=\"#d62728\">×</text>\n"
            }
        }
        svg += "<text x=\"\(f(rx + rw / 2))\" y=\"\(f(ry + rh + 36))\" text-anchor=\"middle\">row (in table order)</text>\n"
        svg += "<text transform=\"translate(\(f(rx - 42)) \(f(ry + rh / 2))) rotate(-90)\" text-anchor=\"middle\">"
            + "deviation / tolerance (pass inside ±1)</text>\n"
        svg += "<text x=\"\(f(width - 20))\" y=\"\(f(height - 10))\" text-anchor=\"end\" fill=\"#666\">blue: pass, red: FAIL, "
            + "×: no value</text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// One labelled series of a loss-chain bar plot (e.g. "SolarTower" and "SAM 2025.x").
    public struct Series: Sendable {
        public var label: String
        public var values: [Double]
        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    /// Loss-chain bars: for each stage (e.g. "field incident", "receiver incident", "receiver output",
    /// "cycle gross", "net"), the two series side by side with their values and the relative difference.
    public static func lossChainBars(title: String, unit: String, stages: [String], first: Series,
                                     second: Series) -> String {
        let width = max(520.0, 140.0 * Double(stages.count) + 120), height = 420.0
        let (x0, y0, w, h) = (80.0, 60.0, width - 110, 280.0)
        let all = (first.values + second.values).filter { $0.isFinite }
        let top = max(all.max() ?? 1, 1e-12) * 1.1
        let colors = ["#1f77b4", "#ff7f0e"]
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="15">\(escape(title))</text>

            """
        for (k, s) in [first, second].enumerated() {
            let lx = x0 + Double(k) * 200
            svg += "<rect x=\"\(f(lx))\" y=\"34\" width=\"12\" height=\"12\" fill=\"\(colors[k])\"/>"
            svg += "<text x=\"\(f(lx + 18))\" y=\"45\">\(escape(s.label))</text>\n"
        }
        for t in linearTicks(0, top) {
            let y = y0 + h - t / top * h
            svg += "<line x1=\"\(f(x0 - 4))\" y1=\"\(f(y))\" x2=\"\(f(x0 + w))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(x0 - 7))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(tickLabel(t))</text>\n"
        }
        svg += "<line x1=\"\(f(x0))\" y1=\"\(f(y0 + h))\" x2=\"\(f(x0 + w))\" y2=\"\(f(y0 + h))\" stroke=\"#444\"/>\n"
        svg += "<text transform=\"translate(20 \(f(y0 + h / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(unit))</text>\n"
        let slot = w / Double(max(stages.count, 1))
        let bar = min(40, slot * 0.35)
        for (i, stage) in stages.enumerated() {
            let cx = x0 + (Double(i) + 0.5) * slot
            let pair = [first.values, second.values].map { i < $0.count ? $0[i] : Double.nan }
            for k in 0..<2 {
                let v = pair[k]
                let x = cx + (k == 0 ? -bar - 2 : 2)
                if v.isFinite {
                    let bh = max(0, v) / top * h
                    svg += "<rect x=\"\(f(x))\" y=\"\(f(y0 + h - bh))\" width=\"\(f(bar))\" height=\"\(f(bh))\" "
                        + "fill=\"\(colors[k])\"/>"
                    svg += "<text x=\"\(f(x + bar / 2))\" y=\"\(f(y0 + h - bh - 4))\" text-anchor=\"middle\" "
                        + "font-size=\"10\">\(tickLabel(v))</text>\n"
                } else {
                    svg += "<text x=\"\(f(x + bar / 2))\" y=\"\(f(y0 + h - 4))\" text-anchor=\"middle\">n/a</text>\n"
                }
            }
            svg += "<text x=\"\(f(cx))\" y=\"\(f(y0 + h + 18))\" text-anchor=\"middle\">\(escape(stage))</text>\n"
            if pair[0].isFinite && pair[1].isFinite && pair[1] != 0 {
                let d = (pair[0] - pair[1]) / abs(pair[1]) * 100
                svg += "<text x=\"\(f(cx))\" y=\"\(f(y0 + h + 34))\" text-anchor=\"middle\" fill=\"#555\">"
                    + "\(String(format: "%+.1f", d)) %</text>\n"
            }
        }
        svg += "<text x=\"\(f(x0))\" y=\"\(f(height - 12))\" fill=\"#666\">percent: (\(escape(first.label)) − "
            + "\(escape(second.label))) / \(escape(second.label))</text>\n"
        svg += "</svg>\n"
        return svg
    }
}
