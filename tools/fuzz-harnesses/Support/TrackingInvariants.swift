// Compiled into the tracking harnesses (listed in their `fuzz-sources` line).
import Foundation

/// The tracker's readers' promise about an input they rejected: a `TrackingError` of severity error with
/// a message, naming the fuzz file and, when it has a line, a line inside the file (1…number of lines).
func checkRejected(_ error: TrackingError, path: String, text: String?) {
    fuzzExpect(error.severity == .error, "rejected with a warning: \(error)")
    fuzzExpect(!error.message.isEmpty, "error without a message: \(error.kind)")
    fuzzExpect(error.path == path, "error names \(error.path), not \(path)")
    if let line = error.line {
        // Lines end at LF (CR LF is one Character in a String: count the scalars).
        let lines = text.map { $0.unicodeScalars.reduce(1) { $0 + ($1 == "\n" ? 1 : 0) } } ?? 0
        fuzzExpect(line >= 1 && line <= lines, "error on line \(line) of a \(lines)-line file: \(error)")
    }
    if let column = error.column { fuzzExpect(column >= 1, "error in column \(column): \(error)") }
}

/// Runs a tracking reader on fuzz bytes the way `read(path:)` does (UTF-8, no NUL, then `parse`), and
/// checks a rejection with `checkRejected`. Rethrows the `TrackingError` for `fuzzInput`.
func fuzzTracking<T>(_ data: Data, path: String, _ parse: (String) throws -> T) throws -> T {
    var text: String?
    do {
        let t = try TrackingText.text(data, path: path)
        text = t
        return try parse(t)
    } catch let e as TrackingError {
        checkRejected(e, path: path, text: text)
        throw e
    }
}
