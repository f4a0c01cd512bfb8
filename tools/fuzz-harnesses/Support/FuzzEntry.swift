// Compiled into every fuzz harness (see tools/fuzz-harnesses/README.md).
import Foundation

/// Runs one libFuzzer input through `body` and enforces the readers' contract: an input is either
/// accepted (`body` returns) or rejected with the reader's typed error `E`. Any other error type stops
/// the fuzzer with a message, as does a Swift runtime trap or an AddressSanitizer report inside `body`.
///
/// The bytes are wrapped without copying, so AddressSanitizer sees libFuzzer's exact-size buffer and
/// reports any read past its end.
func fuzzInput<E: Error>(_ start: UnsafeRawPointer?, _ count: Int, rejecting: E.Type,
                         _ body: (Data) throws -> Void) -> CInt {
    let data: Data
    if let start, count > 0 {
        data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: count, deallocator: .none)
    } else {
        data = Data()
    }
    do {
        try body(data)
    } catch is E {
        // Rejected cleanly: what a malformed file should produce.
    } catch {
        fatalError("fuzz: unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}

/// Stops the fuzzer with `message` when `condition` is false (kept in optimised builds).
func fuzzExpect(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz: " + message()) }
}
