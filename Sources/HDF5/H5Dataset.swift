import CHDF5
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open HDF5 dataset: numeric or string, any rank (1-D and 2-D are the common cases).
///
/// Big 2-D matrices are written in row blocks (`writeRows`) so they never need to be in memory
/// whole; with chunked storage, blocks whose row count is a multiple of the chunk's row count
/// compress each chunk exactly once.
public final class H5Dataset {
    /// The file this dataset lives in (kept alive while the dataset is).
    public let file: H5File
    /// Absolute path inside the file, e.g. `"/weather/dni"`.
    public let path: String
    let id: hid_t
    /// When true (default), `writeRows` compresses whole chunks on all cores where it can.
    /// Set false to use only HDF5's own filter pipeline (e.g. to compare).
    public var parallelCompression = true
    /// zlib strategy for chunks compressed by the parallel path (`.runLength` trades ~7 % size for
    /// ~1.8× speed); chunks HDF5 compresses itself always use the standard strategy.
    public var deflateStrategy: H5DeflateStrategy = .standard

    init(file: H5File, path: String, id: hid_t) {
        self.file = file
        self.path = path
        self.id = id
    }

    deinit {
        if file.isOpen { H5Dclose(id) }
    }

    var location: String { file.path + ":" + path }

    /// Extent of each dimension (`[]` for a scalar dataset).
    public func shape() throws -> [Int] {
        prepareThread()
        try file.ensureOpen()
        let space = try check(H5Dget_space(id), "H5Dget_space", location)
        defer { H5Sclose(space) }
        return try H5Shape.dims(space: space, location: location)
    }

    /// Element type stored in the file.
    public func elementType() throws -> H5ElementType {
        prepareThread()
        try file.ensureOpen()
        let type = try check(H5Dget_type(id), "H5Dget_type", location)
        defer { H5Tclose(type) }
        return H5ElementType.of(type: type)
    }

    /// Shape, element type, chunking, filters and bytes used on disk.
    public func info() throws -> H5DatasetInfo {
        prepareThread()
        try file.ensureOpen()
        return try H5Listing.datasetInfo(id, location: location)
    }

    // MARK: Numeric data

    /// Writes the whole dataset from `values` (row-major; count must equal the product of the shape).
    public func write<T: H5Scalar>(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { try write($0) }
    }

    /// Writes the whole dataset from a buffer (row-major; count must equal the product of the shape).
    /// 2-D compressed datasets go through `writeRows` (chunks compressed on all cores).
    public func write<T: H5Scalar>(_ values: UnsafeBufferPointer<T>) throws {
        prepareThread()
        try file.ensureOpen()
        let shape = try shape()
        let expected = shape.reduce(1, *)
        guard values.count == expected else {
            throw HDF5Error(call: "H5Dataset.write", path: location,
                            message: "expected \(expected) values for shape \(shape), got \(values.count)")
        }
        if expected == 0 { return }
        if shape.count == 2 && parallelCompression {
            // Same result; lets whole chunks be compressed on all cores.
            return try writeRows(values, startingAt: 0)
        }
        try check(H5Dwrite(id, T.h5MemoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), values.baseAddress),
                  "H5Dwrite", location)
    }

    /// Writes `values.count / rowLength` consecutive rows starting at row `start`, where a row is
    /// everything after the first dimension (one element for 1-D datasets, `columns` for 2-D).
    public func writeRows<T: H5Scalar>(_ values: [T], startingAt start: Int) throws {
        try values.withUnsafeBufferPointer { try writeRows($0, startingAt: start) }
    }

    /// Buffer form of `writeRows(_:startingAt:)`.
    ///
    /// On a 2-D chunked dataset with `deflate` (optionally after `shuffle`) stored as `T`, the rows
    /// that fill whole chunks — from a start row that is a multiple of the chunk's rows — are
    /// compressed on all cores and stored directly (see `parallelCompression`); the rest go
    /// through HDF5's own (single-threaded) filter pipeline. Both give the same file content.
    public func writeRows<T: H5Scalar>(_ values: UnsafeBufferPointer<T>, startingAt start: Int) throws {
        prepareThread()
        try file.ensureOpen()
        // Validates the row range and value count for the whole block.
        let (fileSpace, memSpace) = try rowSelection(start: start, valueCount: values.count, call: "H5Dataset.writeRows")
        H5Sclose(fileSpace); H5Sclose(memSpace)
        if values.isEmpty { return }
        var done = 0  // values written directly as chunks
        if parallelCompression, var plan = try H5ParallelChunkWriter.plan(dataset: id, type: T.self, location: location) {
            plan.strategy = deflateStrategy
            let blockRows = values.count / plan.columns
            let direct = plan.directRows(start: start, blockRows: blockRows)
            if direct > 0 {
                try plan.write(dataset: id, UnsafeRawBufferPointer(values), start: start, blockRows: direct,
                               location: location)
                done = direct * plan.columns
            }
        }
        if done == values.count { return }
        let rest = UnsafeBufferPointer(rebasing: values[done...])
        let rowLength = try shape().dropFirst().reduce(1, *)
        let (restFile, restMem) = try rowSelection(start: start + done / max(1, rowLength), valueCount: rest.count,
                                                   call: "H5Dataset.writeRows")
        defer { H5Sclose(restFile); H5Sclose(restMem) }
        try check(H5Dwrite(id, T.h5MemoryType, restMem, restFile, chdf5_p_default(), rest.baseAddress),
                  "H5Dwrite", location)
    }

    /// Reads the whole dataset as `T` (row-major). Bit-exact when `T` is the stored type;
    /// other numeric types are converted by HDF5. Strings cannot be read as numbers.
    public func read<T: H5Scalar>(_ type: T.Type = T.self) throws -> [T] {
        prepareThread()
        try file.ensureOpen()
        try requireNumeric(call: "H5Dataset.read")
        let count = try shape().reduce(1, *)
        if count == 0 { return [] }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try check(H5Dread(id, T.h5MemoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer.baseAddress),
                      "H5Dread", location)
            initialized = count
        }
    }

    /// Reads `rows` (a range of the first dimension) as `T`, row-major.
    public func readRows<T: H5Scalar>(_ rows: Range<Int>, as type: T.Type = T.self) throws -> [T] {
        prepareThread()
        try file.ensureOpen()
        try requireNumeric(call: "H5Dataset.readRows")
        let shape = try shape()
        guard !shape.isEmpty else {
            throw HDF5Error(call: "H5Dataset.readRows", path: location, message: "a scalar dataset has no rows")
        }
        let rowLength = shape.dropFirst().reduce(1, *)
        let count = rows.count * rowLength
        let (fileSpace, memSpace) = try rowSelection(start: rows.lowerBound, valueCount: count, call: "H5Dataset.readRows")
        defer { H5Sclose(fileSpace); H5Sclose(memSpace) }
        if count == 0 { return [] }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try check(H5Dread(id, T.h5MemoryType, memSpace, fileSpace, chdf5_p_default(), buffer.baseAddress),
                      "H5Dread", location)
            initialized = count
        }
    }

    /// Reads one column `column` of a 2-D dataset (e.g. one heliostat's hourly series).
    public func readColumn<T: H5Scalar>(_ column: Int, as type: T.Type = T.self) throws -> [T] {
        prepareThread()
        try file.ensureOpen()
        try requireNumeric(call: "H5Dataset.readColumn")
        let shape = try shape()
        guard shape.count == 2, (0..<shape[1]).contains(column) else {
            throw HDF5Error(call: "H5Dataset.readColumn", path: location,
                            message: "expected a 2-D dataset and a column in 0..<\(shape.last ?? 0), got shape \(shape), column \(column)")
        }
        let fileSpace = try check(H5Dget_space(id), "H5Dget_space", location)
        defer { H5Sclose(fileSpace) }
        let start: [hsize_t] = [0, hsize_t(column)]
        let count: [hsize_t] = [hsize_t(shape[0]), 1]
        try check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, count, nil), "H5Sselect_hyperslab", location)
        var memDims: [hsize_t] = [hsize_t(shape[0])]
        let memSpace = try check(H5Screate_simple(1, &memDims, nil), "H5Screate_simple", location)
        defer { H5Sclose(memSpace) }
        if shape[0] == 0 { return [] }
        return try [T](unsafeUninitializedCapacity: shape[0]) { buffer, initialized in
            try check(H5Dread(id, T.h5MemoryType, memSpace, fileSpace, chdf5_p_default(), buffer.baseAddress),
                      "H5Dread", location)
            initialized = shape[0]
        }
    }

    private func requireNumeric(call: String) throws {
        let element = try elementType()
        switch element {
        case .float, .integer: return
        default:
            throw HDF5Error(call: call, path: location, message: "expected a numeric dataset, found \(element)")
        }
    }

    /// File and memory dataspaces selecting `valueCount / rowLength` rows from `start`.
    private func rowSelection(start: Int, valueCount: Int, call: String) throws -> (hid_t, hid_t) {
        let fileSpace = try check(H5Dget_space(id), "H5Dget_space", location)
        do {
            let shape = try H5Shape.dims(space: fileSpace, location: location)
            guard let rowsTotal = shape.first else {
                throw HDF5Error(call: call, path: location, message: "a scalar dataset has no rows")
            }
            let rowLength = shape.dropFirst().reduce(1, *)
            guard rowLength > 0 || valueCount == 0, rowLength == 0 || valueCount % rowLength == 0 else {
                throw HDF5Error(call: call, path: location,
                                message: "expected a multiple of the row length \(rowLength) values, got \(valueCount)")
            }
            let rows = rowLength == 0 ? 0 : valueCount / rowLength
            guard start >= 0, start + rows <= rowsTotal else {
                throw HDF5Error(call: call, path: location,
                                message: "rows \(start)..<\(start + rows) outside 0..<\(rowsTotal)")
            }
            var offset = [hsize_t](repeating: 0, count: shape.count)
            offset[0] = hsize_t(start)
            var count = shape.map { hsize_t($0) }
            count[0] = hsize_t(rows)
            if rows > 0 {
                try check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, offset, nil, count, nil),
                          "H5Sselect_hyperslab", location)
            }
            let memSpace = try check(H5Screate_simple(Int32(count.count), count, nil), "H5Screate_simple", location)
            return (fileSpace, memSpace)
        } catch {
            H5Sclose(fileSpace)
            throw error
        }
    }

    // MARK: Strings

    /// Writes the whole string dataset. Values must not contain NUL; for fixed-length datasets each
    /// value's UTF-8 bytes must fit the length (nothing is silently truncated).
    public func writeStrings(_ values: [String]) throws {
        prepareThread()
        try file.ensureOpen()
        let shape = try shape()
        let expected = shape.reduce(1, *)
        guard values.count == expected else {
            throw HDF5Error(call: "H5Dataset.writeStrings", path: location,
                            message: "expected \(expected) strings for shape \(shape), got \(values.count)")
        }
        let fileType = try check(H5Dget_type(id), "H5Dget_type", location)
        defer { H5Tclose(fileType) }
        try H5StringType.write(values, fileType: fileType, location: location) { memType, buffer in
            H5Dwrite(id, memType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
        }
    }

    /// Writes `values` into consecutive rows of a 1-D string dataset from row `start` (e.g. a long series written
    /// block by block). Same rules as `writeStrings(_:)`: no NUL, fixed-length values must fit.
    public func writeStrings(_ values: [String], startingAt start: Int) throws {
        prepareThread()
        try file.ensureOpen()
        let shape = try shape()
        guard shape.count == 1 else {
            throw HDF5Error(call: "H5Dataset.writeStrings", path: location,
                            message: "row blocks of strings need a 1-D dataset, found shape \(shape)")
        }
        let (fileSpace, memSpace) = try rowSelection(start: start, valueCount: values.count, call: "H5Dataset.writeStrings")
        defer { H5Sclose(fileSpace); H5Sclose(memSpace) }
        let fileType = try check(H5Dget_type(id), "H5Dget_type", location)
        defer { H5Tclose(fileType) }
        try H5StringType.write(values, fileType: fileType, location: location) { memType, buffer in
            H5Dwrite(id, memType, memSpace, fileSpace, chdf5_p_default(), buffer)
        }
    }

    /// Reads a string dataset (variable or fixed length) row-major.
    public func readStrings() throws -> [String] {
        prepareThread()
        try file.ensureOpen()
        let fileType = try check(H5Dget_type(id), "H5Dget_type", location)
        defer { H5Tclose(fileType) }
        let space = try check(H5Dget_space(id), "H5Dget_space", location)
        defer { H5Sclose(space) }
        return try H5StringType.read(fileType: fileType, space: space, location: location) { memType, buffer in
            H5Dread(id, memType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
        }
    }
}

/// What a dataset holds and how it is stored.
public struct H5DatasetInfo: Sendable, Equatable {
    public var shape: [Int]
    public var element: H5ElementType
    /// Chunk shape, or nil for contiguous/compact storage.
    public var chunk: [Int]?
    /// Filter pipeline in order, e.g. `["shuffle", "gzip(1)"]`.
    public var filters: [String]
    /// Bytes allocated in the file for the data (after compression).
    public var storageBytes: Int

    public init(shape: [Int], element: H5ElementType, chunk: [Int]?, filters: [String], storageBytes: Int) {
        self.shape = shape
        self.element = element
        self.chunk = chunk
        self.filters = filters
        self.storageBytes = storageBytes
    }
}

enum H5Shape {
    /// Dimensions of a dataspace: `[]` for scalar, `[0]` for a null dataspace.
    static func dims(space: hid_t, location: String) throws -> [Int] {
        let kind = H5Sget_simple_extent_type(space)
        if kind == H5S_SCALAR { return [] }
        if kind == H5S_NULL { return [0] }
        let rank = try check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims", location)
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        if rank > 0 {
            try check(H5Sget_simple_extent_dims(space, &dims, nil), "H5Sget_simple_extent_dims", location)
        }
        let shape = dims.map { Int(clamping: $0) }
        try validate(shape, location: location)
        return shape
    }

    /// Throws unless every extent is ≥ 0 and the element count (× 64 bytes of headroom) fits an `Int`,
    /// so products of extents computed elsewhere cannot overflow.
    static func validate(_ shape: [Int], location: String) throws {
        var count = 64
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard extent >= 0, !overflow else {
                throw HDF5Error(call: "H5Shape", path: location,
                                message: "shape \(shape) has negative extents or too many elements")
            }
            count = product
        }
    }
}

/// UTF-8 string datatypes and the buffers HDF5 reads/writes them through.
enum H5StringType {
    /// A new string datatype (caller closes it): variable length, or fixed length NUL-padded.
    static func make(fixedLength: Int?, location: String) throws -> hid_t {
        let type = try check(H5Tcopy(chdf5_t_c_s1()), "H5Tcopy", location)
        do {
            try check(H5Tset_size(type, fixedLength ?? chdf5_variable()), "H5Tset_size", location)
            try check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset", location)
            if fixedLength != nil {
                try check(H5Tset_strpad(type, H5T_STR_NULLPAD), "H5Tset_strpad", location)
            }
        } catch {
            H5Tclose(type)
            throw error
        }
        return type
    }

    /// Writes `values` through `perform(memType, buffer)` in the layout `fileType` (variable or fixed) needs.
    static func write(_ values: [String], fileType: hid_t, location: String,
                      _ perform: (hid_t, UnsafeRawPointer?) -> herr_t) throws {
        guard H5Tget_class(fileType) == H5T_STRING else {
            throw HDF5Error(call: "H5Dataset.writeStrings", path: location,
                            message: "expected a string dataset, found \(H5ElementType.of(type: fileType))")
        }
        if let bad = values.firstIndex(where: { $0.utf8.contains(0) }) {
            throw HDF5Error(call: "H5Dataset.writeStrings", path: location,
                            message: "value \(bad) contains a NUL byte, which HDF5 strings cannot hold")
        }
        if values.isEmpty { return }
        let variable = try check(H5Tis_variable_str(fileType), "H5Tis_variable_str", location) > 0
        if variable {
            let memType = try make(fixedLength: nil, location: location)
            defer { H5Tclose(memType) }
            var pointers: [UnsafeMutablePointer<CChar>?] = values.map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            if pointers.contains(where: { $0 == nil }) {
                throw HDF5Error(call: "strdup", path: location, message: "out of memory")
            }
            let status = pointers.withUnsafeMutableBufferPointer { perform(memType, UnsafeRawPointer($0.baseAddress)) }
            try check(status, "H5Dwrite", location)
        } else {
            let length = H5Tget_size(fileType)
            if let long = values.firstIndex(where: { $0.utf8.count > length }) {
                throw HDF5Error(call: "H5Dataset.writeStrings", path: location,
                                message: "value \(long) is \(values[long].utf8.count) bytes, longer than the fixed length \(length)")
            }
            let memType = try make(fixedLength: length, location: location)
            defer { H5Tclose(memType) }
            var bytes = [UInt8](repeating: 0, count: length * values.count)
            for (i, value) in values.enumerated() {
                var offset = i * length
                for byte in value.utf8 { bytes[offset] = byte; offset += 1 }
            }
            let status = bytes.withUnsafeBytes { perform(memType, $0.baseAddress) }
            try check(status, "H5Dwrite", location)
        }
    }

    /// Reads all strings of `space` through `perform(memType, buffer)`.
    static func read(fileType: hid_t, space: hid_t, location: String,
                     _ perform: (hid_t, UnsafeMutableRawPointer?) -> herr_t) throws -> [String] {
        guard H5Tget_class(fileType) == H5T_STRING else {
            throw HDF5Error(call: "H5Dataset.readStrings", path: location,
                            message: "expected a string dataset, found \(H5ElementType.of(type: fileType))")
        }
        let count = try H5Shape.dims(space: space, location: location).reduce(1, *)
        if count == 0 { return [] }
        let cset = H5Tget_cset(fileType)
        let variable = try check(H5Tis_variable_str(fileType), "H5Tis_variable_str", location) > 0
        if variable {
            let memType = try check(H5Tcopy(chdf5_t_c_s1()), "H5Tcopy", location)
            defer { H5Tclose(memType) }
            try check(H5Tset_size(memType, chdf5_variable()), "H5Tset_size", location)
            try check(H5Tset_cset(memType, cset), "H5Tset_cset", location)
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBufferPointer { perform(memType, UnsafeMutableRawPointer($0.baseAddress)) }
            try check(status, "H5Dread", location)
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            let reclaim = pointers.withUnsafeMutableBufferPointer {
                H5Dvlen_reclaim(memType, space, chdf5_p_default(), $0.baseAddress)
            }
            try check(reclaim, "H5Dvlen_reclaim", location)
            return strings
        } else {
            let length = H5Tget_size(fileType)
            let memType = try check(H5Tcopy(fileType), "H5Tcopy", location)
            defer { H5Tclose(memType) }
            var bytes = [UInt8](repeating: 0, count: length * count)
            let status = bytes.withUnsafeMutableBytes { perform(memType, $0.baseAddress) }
            try check(status, "H5Dread", location)
            let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
            return (0..<count).map { i in
                var slice = bytes[(i * length)..<((i + 1) * length)]
                if let nul = slice.firstIndex(of: 0) { slice = slice[..<nul] }
                if spacePadded { while slice.last == 0x20 { slice = slice.dropLast() } }
                return String(decoding: slice, as: UTF8.self)
            }
        }
    }
}
