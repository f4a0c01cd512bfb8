import Foundation

/// Why a sweep request, its results folder or its `[costs]` table was rejected.
public struct SweepError: Error, Sendable, Equatable, CustomStringConvertible {
    /// File (or option / TOML key path) the problem is in.
    public var path: String
    /// Line in that file, when known.
    public var line: Int?
    /// What is wrong and what was expected.
    public var message: String
    public init(path: String, line: Int? = nil, _ message: String) { self.path = path; self.line = line; self.message = message }
    public var description: String { path + (line.map { ":\($0)" } ?? "") + ": " + message }
}

/// One axis of a sweep: `lo...hi:step` (inclusive), a comma list `2,4,8`, or one value.
public struct SweepRange: Sendable, Equatable {
    public var values: [Double]

    public init(values: [Double]) { self.values = values }

    /// Parses `2...16:1`, `1.4...3.6:0.2`, `2,4,8` or `7`. Values are rounded to 1e-9 so that `1.4 + 3·0.2`
    /// prints and compares as 2.0. `option` names the flag in errors.
    public init(parsing text: String, option: String) throws {
        func num(_ s: Substring) throws -> Double {
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw SweepError(path: option, "'\(s)' is not a number: expected lo...hi:step, a,b,c or one value")
            }
            return v
        }
        func tidy(_ v: Double) -> Double { (v * 1e9).rounded() / 1e9 }
        if let dots = text.range(of: "...") {
            let lo = try num(text[..<dots.lowerBound])
            let rest = text[dots.upperBound...]
            guard let colon = rest.firstIndex(of: ":") else {
                throw SweepError(path: option, "'\(text)': expected lo...hi:step (e.g. 2...16:1)")
            }
            let hi = try num(rest[..<colon]), step = try num(rest[rest.index(after: colon)...])
            guard step > 0, hi >= lo else { throw SweepError(path: option, "'\(text)': expected hi ≥ lo and step > 0") }
            let n = Int(((hi - lo) / step + 1e-9).rounded(.down)) + 1
            guard n <= 10_000 else { throw SweepError(path: option, "'\(text)' gives \(n) values: at most 10,000") }
            values = (0..<n).map { tidy(lo + Double($0) * step) }
        } else {
            values = try text.split(separator: ",").map { tidy(try num($0)) }
        }
        values = Array(Set(values)).sorted()
        guard !values.isEmpty else { throw SweepError(path: option, "no values in '\(text)'") }
    }
}

/// One sweep case: a storage size and a solar multiple.
public struct SweepCase: Sendable, Hashable, Comparable {
    /// Storage capacity in full-load hours of the power block's design heat input. [h]
    public var storageHours: Double
    /// Receiver design thermal power / power block design heat input. [-]
    public var solarMultiple: Double
    public init(storageHours: Double, solarMultiple: Double) { self.storageHours = storageHours; self.solarMultiple = solarMultiple }

    /// File-name key, e.g. `h7_sm2.2`.
    public var key: String { "h\(SweepCase.format(storageHours))_sm\(SweepCase.format(solarMultiple))" }

    /// Shortest decimal text of a grid value (values are rounded to 1e-9).
    public static func format(_ v: Double) -> String {
        let r = (v * 1e9).rounded() / 1e9
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.9f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    public static func < (a: SweepCase, b: SweepCase) -> Bool {
        a.solarMultiple != b.solarMultiple ? a.solarMultiple < b.solarMultiple : a.storageHours < b.storageHours
    }
}

/// The grid of a sweep: every storage size × every solar multiple.
public struct SweepGrid: Sendable, Equatable {
    public var storageHours: [Double]
    public var solarMultiples: [Double]

    /// Checks the axes: storage hours in (0, 1000], solar multiples in [0.1, 10].
    public init(storageHours: [Double], solarMultiples: [Double]) throws {
        guard !storageHours.isEmpty, storageHours.allSatisfy({ $0 > 0 && $0 <= 1000 }) else {
            throw SweepError(path: "--storage-hours", "expected storage hours in (0, 1000], got \(storageHours)")
        }
        guard !solarMultiples.isEmpty, solarMultiples.allSatisfy({ $0 >= 0.1 && $0 <= 10 }) else {
            throw SweepError(path: "--solar-multiple", "expected solar multiples in [0.1, 10], got \(solarMultiples)")
        }
        self.storageHours = Array(Set(storageHours)).sorted()
        self.solarMultiples = Array(Set(solarMultiples)).sorted()
    }

    /// All cases, solar multiple major, storage hours minor.
    public var cases: [SweepCase] {
        solarMultiples.flatMap { s in storageHours.map { SweepCase(storageHours: $0, solarMultiple: s) } }
    }

    /// The cases of shard `index` (1-based) of `count`: case j belongs to shard (j mod count) + 1.
    public func cases(shard index: Int, of count: Int) -> [SweepCase] {
        cases.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}
