import Foundation

/// Whether a row's deviation and tolerance are relative ((ours − reference) / |reference|) or absolute
/// (ours − reference, in the row's unit).
public enum ToleranceKind: String, Sendable, Equatable {
    case relative
    case absolute
}

/// Outcome of one validation row.
public enum RowStatus: String, Sendable, Equatable {
    case pass
    case fail = "FAIL"
    case skipped
}

/// One compared quantity: our value against a published reference, with an explicit deviation and tolerance.
/// A row with a missing or non-finite value fails; it is never silently passed.
public struct ValidationRow: Sendable, Equatable {
    /// Case name as the reference names it (e.g. "region 1, T=300 K, p=3 MPa", "C_1.1").
    public var caseName: String
    /// Quantity name as the reference names it (e.g. "h", "Qabs").
    public var quantity: String
    /// Unit of `ours` and `reference` (and of `deviation`/`tolerance` when they are absolute).
    public var unit: String
    /// Our value; nil when it could not be computed (the row then fails) or the row is skipped.
    public var ours: Double?
    /// Reference value; nil only for skipped rows.
    public var reference: Double?
    /// Largest accepted |deviation|, relative or absolute per `toleranceKind`.
    public var tolerance: Double
    /// Relative or absolute deviation and tolerance.
    public var toleranceKind: ToleranceKind
    /// Where the reference comes from (document, table, file).
    public var source: String
    /// Anything a reader needs: inputs, why this tolerance, how ours was computed.
    public var note: String
    /// Set for a row that could not run (missing data or tool); the reason is shown.
    public var skipReason: String?

    public init(caseName: String, quantity: String, unit: String, ours: Double?, reference: Double?,
                tolerance: Double, toleranceKind: ToleranceKind, source: String, note: String = "") {
        self.caseName = caseName
        self.quantity = quantity
        self.unit = unit
        self.ours = ours
        self.reference = reference
        self.tolerance = tolerance
        self.toleranceKind = toleranceKind
        self.source = source
        self.note = note
        self.skipReason = nil
    }

    /// A row that could not run, listed with the reason.
    public static func skipped(caseName: String, quantity: String, unit: String, reference: Double? = nil,
                               tolerance: Double, toleranceKind: ToleranceKind, source: String,
                               reason: String) -> ValidationRow {
        var row = ValidationRow(caseName: caseName, quantity: quantity, unit: unit, ours: nil, reference: reference,
                                tolerance: tolerance, toleranceKind: toleranceKind, source: source)
        row.skipReason = reason
        return row
    }

    /// ours − reference (absolute) or (ours − reference) / |reference| (relative); nil when not computable.
    public var deviation: Double? {
        guard skipReason == nil, let ours, let reference, ours.isFinite, reference.isFinite else { return nil }
        switch toleranceKind {
        case .absolute: return ours - reference
        case .relative:
            if reference == 0 { return ours == 0 ? 0 : nil }
            return (ours - reference) / abs(reference)
        }
    }

    /// pass when |deviation| ≤ tolerance; FAIL otherwise (also when a value is missing or not finite).
    public var status: RowStatus {
        if skipReason != nil { return .skipped }
        guard let d = deviation, tolerance.isFinite else { return .fail }
        return abs(d) <= tolerance ? .pass : .fail
    }
}

/// Relative tolerance for a reference printed with few significant digits: the larger of `base` and half a
/// unit in the last printed digit relative to the value. Returns the tolerance and the digit count.
public func printedPrecisionTolerance(_ text: String, base: Double) -> (tolerance: Double, digits: Int) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let value = Double(trimmed), value != 0 else { return (base, 0) }
    var mantissa = trimmed.lowercased()
    var exponent = 0
    if let e = mantissa.firstIndex(of: "e") {
        exponent = Int(mantissa[mantissa.index(after: e)...]) ?? 0
        mantissa = String(mantissa[..<e])
    }
    mantissa = mantissa.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "+", with: "")
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts.first ?? ""), fracPart = parts.count > 1 ? String(parts[1]) : ""
    let allDigits = (intPart + fracPart).drop { $0 == "0" }
    let digits = allDigits.count
    // Place value of the last printed digit.
    let lastPlace = Foundation.pow(10.0, Double(exponent - fracPart.count))
    let halfUnit = 0.5 * lastPlace / abs(value)
    return (max(base, halfUnit), digits)
}
