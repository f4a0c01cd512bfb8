import CHDF5

/// An HDF5 operation that failed: which call, on which file/object, and HDF5's own explanation.
///
/// `call` is the C function that returned a negative status (e.g. `"H5Fopen"`), or, for errors the
/// wrapper detects before calling HDF5 (shape mismatch, wrong element type), the wrapper method
/// (e.g. `"H5Dataset.write"`).
public struct HDF5Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failing C call or wrapper method.
    public let call: String
    /// File path, followed by the object path inside the file when there is one (`file.h5:/weather/dni`).
    public let path: String
    /// HDF5's error stack summarised ("unable to open file (file signature not found)") or the
    /// wrapper's explanation of what was expected.
    public let message: String

    public init(call: String, path: String, message: String) {
        self.call = call
        self.path = path
        self.message = message
    }

    public var description: String {
        "\(path): \(call) failed: \(message.isEmpty ? "unknown HDF5 error" : message)"
    }

    /// Builds an error from the current thread's HDF5 error stack.
    static func fromLibrary(call: String, path: String) -> HDF5Error {
        var buffer = [CChar](repeating: 0, count: 600)
        let count = chdf5_error_message(&buffer, buffer.count)
        let text = count == 0 ? "" : String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                                             as: UTF8.self)
        return HDF5Error(call: call, path: path, message: text)
    }
}

/// Prepares the calling thread for HDF5 calls: silences HDF5's automatic error printing (the
/// setting is per thread in thread-safe builds of the library). Called at every public entry point.
@inline(__always)
func prepareThread() {
    _ = chdf5_silence_errors()
}

/// Throws `HDF5Error` with the library's explanation when `status` is negative; returns it otherwise.
@discardableResult @inline(__always)
func check<Status: SignedInteger>(_ status: Status, _ call: @autoclosure () -> String,
                                  _ path: @autoclosure () -> String) throws -> Status {
    if status < 0 { throw HDF5Error.fromLibrary(call: call(), path: path()) }
    return status
}

/// Decodes a NUL-terminated C string buffer as UTF-8.
func decodeCString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
