import CHDF5

/// The value of an attribute: a scalar or a 1-D array of text, float64 or int64.
public enum H5AttributeValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case strings([String])
    case double(Double)
    case doubles([Double])
    case int(Int)
    case ints([Int])
    /// Found in a file but of a type the wrapper does not decode (listed, never written).
    case unsupported(String)

    /// The text of a `.string` value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number of a `.double` or `.int` value.
    public var doubleValue: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    /// The number of an `.int` value.
    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    public var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .strings(let a): return "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .double(let d): return "\(d)"
        case .doubles(let a): return "[" + a.map { "\($0)" }.joined(separator: ", ") + "]"
        case .int(let i): return "\(i)"
        case .ints(let a): return "[" + a.map { "\($0)" }.joined(separator: ", ") + "]"
        case .unsupported(let type): return "<\(type)>"
        }
    }
}

extension H5AttributeValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}

/// An attribute's name and value.
public struct H5NamedAttribute: Sendable, Equatable {
    public var name: String
    public var value: H5AttributeValue
    public init(name: String, value: H5AttributeValue) {
        self.name = name
        self.value = value
    }
}

/// Files (root group), groups and datasets carry attributes.
public protocol H5AttributeHolder {
    /// Where the attributes live, for error messages (`file.h5:/weather/dni`).
    var attributeLocation: String { get }
    /// The open HDF5 object id the attributes are attached to.
    func attributeObjectID() throws -> hid_t
}

extension H5File: H5AttributeHolder {
    public var attributeLocation: String { path + ":/" }
    public func attributeObjectID() throws -> hid_t {
        try ensureOpen()
        return root.id
    }
}

extension H5Group: H5AttributeHolder {
    public var attributeLocation: String { file.path + ":" + path }
    public func attributeObjectID() throws -> hid_t {
        try file.ensureOpen()
        return id
    }
}

extension H5Dataset: H5AttributeHolder {
    public var attributeLocation: String { location }
    public func attributeObjectID() throws -> hid_t {
        try file.ensureOpen()
        return id
    }
}

extension H5AttributeHolder {
    /// Sets (creates or replaces) attribute `name`.
    public func setAttribute(_ name: String, _ value: H5AttributeValue) throws {
        prepareThread()
        let object = try attributeObjectID()
        let where_ = attributeLocation + "@" + name
        if try check(H5Aexists(object, name), "H5Aexists", where_) > 0 {
            try check(H5Adelete(object, name), "H5Adelete", where_)
        }
        switch value {
        case .string(let s): try H5AttributeIO.writeStrings(object, name, [s], scalar: true, where_)
        case .strings(let a): try H5AttributeIO.writeStrings(object, name, a, scalar: false, where_)
        case .double(let d): try H5AttributeIO.writeNumbers(object, name, [d], scalar: true, where_)
        case .doubles(let a): try H5AttributeIO.writeNumbers(object, name, a, scalar: false, where_)
        case .int(let i): try H5AttributeIO.writeNumbers(object, name, [i], scalar: true, where_)
        case .ints(let a): try H5AttributeIO.writeNumbers(object, name, a, scalar: false, where_)
        case .unsupported(let type):
            throw HDF5Error(call: "H5AttributeHolder.setAttribute", path: where_,
                            message: "cannot write an attribute of unsupported type \(type)")
        }
    }

    /// Sets a text attribute.
    public func setAttribute(_ name: String, _ value: String) throws { try setAttribute(name, .string(value)) }
    /// Sets a float64 attribute.
    public func setAttribute(_ name: String, _ value: Double) throws { try setAttribute(name, .double(value)) }
    /// Sets an int64 attribute.
    public func setAttribute(_ name: String, _ value: Int) throws { try setAttribute(name, .int(value)) }
    /// Sets a 1-D text array attribute.
    public func setAttribute(_ name: String, _ value: [String]) throws { try setAttribute(name, .strings(value)) }
    /// Sets a 1-D float64 array attribute.
    public func setAttribute(_ name: String, _ value: [Double]) throws { try setAttribute(name, .doubles(value)) }
    /// Sets a 1-D int64 array attribute.
    public func setAttribute(_ name: String, _ value: [Int]) throws { try setAttribute(name, .ints(value)) }

    /// Sets the conventional `units` and `description` attributes.
    public func describe(units: String, description: String) throws {
        try setAttribute("units", .string(units))
        try setAttribute("description", .string(description))
    }

    /// True when attribute `name` exists.
    public func hasAttribute(_ name: String) throws -> Bool {
        prepareThread()
        let object = try attributeObjectID()
        return try check(H5Aexists(object, name), "H5Aexists", attributeLocation + "@" + name) > 0
    }

    /// Reads attribute `name`. Floats read as `.double(s)`, integers as `.int(s)`, text as `.string(s)`;
    /// a scalar gives the single case, a 1-D (or higher, flattened) array the plural one.
    public func attribute(_ name: String) throws -> H5AttributeValue {
        prepareThread()
        let object = try attributeObjectID()
        let where_ = attributeLocation + "@" + name
        let attr = try check(H5Aopen(object, name, chdf5_p_default()), "H5Aopen", where_)
        defer { H5Aclose(attr) }
        let value = try H5AttributeIO.read(attr, where_)
        if case .unsupported(let type) = value {
            throw HDF5Error(call: "H5AttributeHolder.attribute", path: where_,
                            message: "expected a text, float or integer attribute, found \(type)")
        }
        return value
    }

    /// Reads a text attribute, throwing if it is missing or not a single string.
    public func stringAttribute(_ name: String) throws -> String {
        let value = try attribute(name)
        guard let s = value.stringValue else {
            throw HDF5Error(call: "H5AttributeHolder.stringAttribute", path: attributeLocation + "@" + name,
                            message: "expected a single string, found \(value)")
        }
        return s
    }

    /// All attributes in creation order (when recorded) or by name.
    public func attributes() throws -> [H5NamedAttribute] {
        prepareThread()
        return try H5AttributeIO.all(of: try attributeObjectID(), location: attributeLocation)
    }
}

enum H5AttributeIO {
    static func writeNumbers<T: H5Scalar>(_ object: hid_t, _ name: String, _ values: [T], scalar: Bool,
                                          _ location: String) throws {
        let space = try makeSpace(count: values.count, scalar: scalar, location)
        defer { H5Sclose(space) }
        let attr = try check(H5Acreate2(object, name, T.h5FileType, space, chdf5_p_default(), chdf5_p_default()),
                             "H5Acreate2", location)
        defer { H5Aclose(attr) }
        if values.isEmpty { return }
        try values.withUnsafeBufferPointer {
            _ = try check(H5Awrite(attr, T.h5MemoryType, $0.baseAddress), "H5Awrite", location)
        }
    }

    static func writeStrings(_ object: hid_t, _ name: String, _ values: [String], scalar: Bool,
                             _ location: String) throws {
        let type = try H5StringType.make(fixedLength: nil, location: location)
        defer { H5Tclose(type) }
        let space = try makeSpace(count: values.count, scalar: scalar, location)
        defer { H5Sclose(space) }
        let attr = try check(H5Acreate2(object, name, type, space, chdf5_p_default(), chdf5_p_default()),
                             "H5Acreate2", location)
        defer { H5Aclose(attr) }
        try H5StringType.write(values, fileType: type, location: location) { memType, buffer in
            H5Awrite(attr, memType, buffer)
        }
    }

    /// Scalar dataspace, 1-D of `count`, or a null dataspace for an empty array.
    static func makeSpace(count: Int, scalar: Bool, _ location: String) throws -> hid_t {
        if scalar { return try check(H5Screate(H5S_SCALAR), "H5Screate", location) }
        if count == 0 { return try check(H5Screate(H5S_NULL), "H5Screate", location) }
        var dims = [hsize_t(count)]
        return try check(H5Screate_simple(1, &dims, nil), "H5Screate_simple", location)
    }

    static func read(_ attr: hid_t, _ location: String) throws -> H5AttributeValue {
        let type = try check(H5Aget_type(attr), "H5Aget_type", location)
        defer { H5Tclose(type) }
        let space = try check(H5Aget_space(attr), "H5Aget_space", location)
        defer { H5Sclose(space) }
        let scalar = H5Sget_simple_extent_type(space) == H5S_SCALAR
        let isNull = H5Sget_simple_extent_type(space) == H5S_NULL
        let count = isNull ? 0 : try H5Shape.dims(space: space, location: location).reduce(1, *)
        let element = H5ElementType.of(type: type)
        switch element {
        case .string:
            if isNull { return .strings([]) }
            let strings = try H5StringType.read(fileType: type, space: space, location: location) { memType, buffer in
                H5Aread(attr, memType, buffer)
            }
            return scalar ? .string(strings.first ?? "") : .strings(strings)
        case .float:
            let values: [Double] = try readNumbers(attr, count: count, location)
            return scalar ? .double(values.first ?? .nan) : .doubles(values)
        case .integer(let bits, let signed):
            if bits > 64 || (bits == 64 && !signed) {
                // uint64 may not fit Int; HDF5 would clip silently. Read as float64 instead.
                let values: [Double] = try readNumbers(attr, count: count, location)
                return scalar ? .double(values.first ?? .nan) : .doubles(values)
            }
            let values: [Int] = try readNumbers(attr, count: count, location)
            return scalar ? .int(values.first ?? 0) : .ints(values)
        case .other(let name):
            return .unsupported(name)
        }
    }

    static func readNumbers<T: H5Scalar>(_ attr: hid_t, count: Int, _ location: String) throws -> [T] {
        if count == 0 { return [] }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try check(H5Aread(attr, T.h5MemoryType, buffer.baseAddress), "H5Aread", location)
            initialized = count
        }
    }

    /// Every attribute of an open object, in creation order when tracked, else by name.
    static func all(of object: hid_t, location: String) throws -> [H5NamedAttribute] {
        let count = chdf5_num_attrs(object)
        if count < 0 { throw HDF5Error.fromLibrary(call: "H5Oget_info", path: location) }
        if count == 0 { return [] }
        // Creation-order index exists only when the creator tracked it; fall back to names.
        var order = H5_INDEX_CRT_ORDER
        if H5Aget_name_by_idx(object, ".", order, H5_ITER_INC, 0, nil, 0, chdf5_p_default()) < 0 {
            order = H5_INDEX_NAME
        }
        var result: [H5NamedAttribute] = []
        for index in 0..<hsize_t(count) {
            let attr = try check(H5Aopen_by_idx(object, ".", order, H5_ITER_INC, index, chdf5_p_default(),
                                                chdf5_p_default()), "H5Aopen_by_idx", location)
            defer { H5Aclose(attr) }
            let length = try check(H5Aget_name(attr, 0, nil), "H5Aget_name", location)
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            try check(H5Aget_name(attr, buffer.count, &buffer), "H5Aget_name", location)
            let name = decodeCString(buffer)
            let value: H5AttributeValue
            do {
                value = try read(attr, location + "@" + name)
            } catch let error as HDF5Error {
                value = .unsupported("unreadable: \(error.message)")
            }
            result.append(H5NamedAttribute(name: name, value: value))
        }
        return result
    }
}
