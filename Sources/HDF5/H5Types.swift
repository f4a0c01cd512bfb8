import CHDF5

/// A numeric element type the wrapper can store in datasets and attributes.
///
/// Conforming types: `Double` (float64), `Float` (float32), `Int32`, `Int64`, `Int` (stored as int64).
/// Values are stored little-endian (IEEE floats, two's-complement integers) and read back bit-exact
/// when read as the type they were written with; reading as another numeric type converts through HDF5.
public protocol H5Scalar: Sendable {
    /// In-memory (native) HDF5 type of `Self`.
    static var h5MemoryType: hid_t { get }
    /// On-disk HDF5 type used when creating datasets/attributes of `Self`.
    static var h5FileType: hid_t { get }
    /// The element type as the wrapper reports it.
    static var h5Element: H5ElementType { get }
}

extension Double: H5Scalar {
    public static var h5MemoryType: hid_t { chdf5_t_native_double() }
    public static var h5FileType: hid_t { chdf5_t_ieee_f64le() }
    public static var h5Element: H5ElementType { .float(bits: 64) }
}

extension Float: H5Scalar {
    public static var h5MemoryType: hid_t { chdf5_t_native_float() }
    public static var h5FileType: hid_t { chdf5_t_ieee_f32le() }
    public static var h5Element: H5ElementType { .float(bits: 32) }
}

extension Int32: H5Scalar {
    public static var h5MemoryType: hid_t { chdf5_t_native_int32() }
    public static var h5FileType: hid_t { chdf5_t_std_i32le() }
    public static var h5Element: H5ElementType { .integer(bits: 32, signed: true) }
}

extension Int64: H5Scalar {
    public static var h5MemoryType: hid_t { chdf5_t_native_int64() }
    public static var h5FileType: hid_t { chdf5_t_std_i64le() }
    public static var h5Element: H5ElementType { .integer(bits: 64, signed: true) }
}

extension Int: H5Scalar {
    public static var h5MemoryType: hid_t {
        MemoryLayout<Int>.size == 8 ? chdf5_t_native_int64() : chdf5_t_native_int32()
    }
    public static var h5FileType: hid_t { chdf5_t_std_i64le() }
    public static var h5Element: H5ElementType { .integer(bits: 64, signed: true) }
}

/// The element type of a stored dataset or attribute, as found in the file.
public enum H5ElementType: Sendable, Equatable, CustomStringConvertible {
    /// IEEE floating point of the given width.
    case float(bits: Int)
    /// Integer of the given width and signedness.
    case integer(bits: Int, signed: Bool)
    /// Text: variable length, or fixed length of `length` bytes (UTF-8 or ASCII).
    case string(variableLength: Bool, length: Int)
    /// Anything else (compound, enum, array, …), with HDF5's class name.
    case other(String)

    /// Short name: `float64`, `float32`, `int32`, `uint8`, `string`, `string[12]`, `compound`.
    public var description: String {
        switch self {
        case .float(let bits): return "float\(bits)"
        case .integer(let bits, let signed): return (signed ? "int" : "uint") + "\(bits)"
        case .string(let variable, let length): return variable ? "string" : "string[\(length)]"
        case .other(let name): return name
        }
    }

    /// Reads the element type of an HDF5 datatype id (does not close it).
    static func of(type: hid_t) -> H5ElementType {
        let cls = H5Tget_class(type)
        let size = H5Tget_size(type)
        if cls == H5T_FLOAT { return .float(bits: size * 8) }
        if cls == H5T_INTEGER { return .integer(bits: size * 8, signed: H5Tget_sign(type) != H5T_SGN_NONE) }
        if cls == H5T_STRING {
            let variable = H5Tis_variable_str(type) > 0
            return .string(variableLength: variable, length: variable ? 0 : size)
        }
        switch cls {
        case H5T_COMPOUND: return .other("compound")
        case H5T_ENUM: return .other("enum")
        case H5T_ARRAY: return .other("array")
        case H5T_VLEN: return .other("vlen")
        case H5T_OPAQUE: return .other("opaque")
        case H5T_REFERENCE: return .other("reference")
        case H5T_BITFIELD: return .other("bitfield")
        case H5T_TIME: return .other("time")
        default: return .other("unknown")
        }
    }
}
