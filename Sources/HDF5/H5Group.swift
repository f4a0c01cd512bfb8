import CHDF5

/// An open HDF5 group. Member names may be nested paths (`"field/heliostats/x"`); missing
/// intermediate groups are created on write.
public final class H5Group {
    /// The file this group lives in (kept alive while the group is).
    public let file: H5File
    /// Absolute path inside the file, e.g. `"/field"`.
    public let path: String
    let id: hid_t

    init(file: H5File, path: String, id: hid_t) {
        self.file = file
        self.path = path
        self.id = id
    }

    deinit {
        // The root group is closed by the file itself; closed files have closed all their objects.
        if file.isOpen && path != "/" { H5Gclose(id) }
    }

    /// Absolute path of member `name` (absolute names are kept as they are).
    func childPath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path == "/" ? "/" + name : path + "/" + name
    }

    func location(_ name: String) -> String { file.path + ":" + childPath(name) }

    /// Creates a group (and any missing intermediate groups). Fails if it already exists.
    @discardableResult
    public func createGroup(_ name: String) throws -> H5Group {
        prepareThread()
        try file.ensureOpen()
        let lcpl = try H5PropertyLists.linkCreate(location(name))
        defer { H5Pclose(lcpl) }
        let gcpl = try check(H5Pcreate(chdf5_p_group_create()), "H5Pcreate", location(name))
        defer { H5Pclose(gcpl) }
        let order = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
        try check(H5Pset_link_creation_order(gcpl, order), "H5Pset_link_creation_order", location(name))
        try check(H5Pset_attr_creation_order(gcpl, order), "H5Pset_attr_creation_order", location(name))
        let gid = try check(H5Gcreate2(id, name, lcpl, gcpl, chdf5_p_default()), "H5Gcreate2", location(name))
        return H5Group(file: file, path: childPath(name), id: gid)
    }

    /// Opens an existing group.
    public func group(_ name: String) throws -> H5Group {
        prepareThread()
        try file.ensureOpen()
        let gid = try check(H5Gopen2(id, name, chdf5_p_default()), "H5Gopen2", location(name))
        return H5Group(file: file, path: childPath(name), id: gid)
    }

    /// Opens the group `name`, creating it (and intermediate groups) when missing.
    public func groupCreatingIfNeeded(_ name: String) throws -> H5Group {
        try contains(name) ? group(name) : createGroup(name)
    }

    /// Opens an existing dataset.
    public func dataset(_ name: String) throws -> H5Dataset {
        prepareThread()
        try file.ensureOpen()
        let did = try check(H5Dopen2(id, name, chdf5_p_default()), "H5Dopen2", location(name))
        return H5Dataset(file: file, path: childPath(name), id: did)
    }

    /// True when every component of the (possibly nested) path `name` exists as a link.
    public func contains(_ name: String) throws -> Bool {
        prepareThread()
        try file.ensureOpen()
        var prefix = name.hasPrefix("/") ? "/" : ""
        var isFirst = true
        for component in name.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            let exists = H5Lexists(id, prefix, chdf5_p_default())
            // Below the first component a failure means the parent is a dataset, not a group.
            if exists < 0 && !isFirst { return false }
            if try check(exists, "H5Lexists", location(prefix)) == 0 { return false }
            isFirst = false
        }
        return true
    }

    /// Names of the direct members, in creation order when recorded, else alphabetical.
    public func memberNames() throws -> [String] {
        prepareThread()
        try file.ensureOpen()
        return try H5Listing.memberNames(groupID: id, location: file.path + ":" + path)
    }

    /// Everything below this group, depth first (a group is followed by its members), each with
    /// its attributes; datasets with shape, element type, chunking and filters.
    public func contents(recursive: Bool = true) throws -> [H5ObjectInfo] {
        prepareThread()
        try file.ensureOpen()
        var out: [H5ObjectInfo] = []
        try H5Listing.collect(groupID: id, path: path, file: file.path, recursive: recursive, depth: 0, into: &out)
        return out
    }

    // MARK: Datasets

    /// Creates a numeric dataset of the given shape (`[]` = scalar, `[n]`, `[rows, columns]`, …)
    /// without writing data; fill it with `write(_:)` or in row blocks with `writeRows(_:startingAt:)`.
    public func createDataset<T: H5Scalar>(_ name: String, of type: T.Type, shape: [Int],
                                           options: H5DatasetOptions = .contiguous) throws -> H5Dataset {
        prepareThread()
        try file.ensureOpen()
        return try makeDataset(name, fileType: T.h5FileType, elementSize: MemoryLayout<T>.stride,
                               shape: shape, options: options)
    }

    /// Creates a numeric dataset and writes `values` (row-major). `shape` defaults to `[values.count]`.
    @discardableResult
    public func write<T: H5Scalar>(_ name: String, _ values: [T], shape: [Int]? = nil,
                                   options: H5DatasetOptions = .contiguous) throws -> H5Dataset {
        let shape = shape ?? [values.count]
        let dataset = try createDataset(name, of: T.self, shape: shape, options: options)
        try dataset.write(values)
        return dataset
    }

    /// Creates a numeric dataset, writes `values` and sets its `units` and `description` attributes.
    @discardableResult
    public func write<T: H5Scalar>(_ name: String, _ values: [T], units: String, description: String,
                                   shape: [Int]? = nil, options: H5DatasetOptions = .contiguous) throws -> H5Dataset {
        let dataset = try write(name, values, shape: shape, options: options)
        try dataset.describe(units: units, description: description)
        return dataset
    }

    /// Creates a string dataset: variable-length UTF-8 (default; what h5py writes for `str`) or
    /// fixed-length UTF-8 of `fixedLength` bytes, NUL-padded.
    public func createStringDataset(_ name: String, shape: [Int], fixedLength: Int? = nil,
                                    options: H5DatasetOptions = .contiguous) throws -> H5Dataset {
        prepareThread()
        try file.ensureOpen()
        if let fixedLength, fixedLength < 1 {
            throw HDF5Error(call: "H5Group.createStringDataset", path: location(name),
                            message: "fixed string length must be at least 1 byte, got \(fixedLength)")
        }
        let type = try H5StringType.make(fixedLength: fixedLength, location: location(name))
        defer { H5Tclose(type) }
        return try makeDataset(name, fileType: type, elementSize: fixedLength ?? MemoryLayout<UnsafeRawPointer>.size,
                               shape: shape, options: options)
    }

    /// Creates a string dataset and writes `values`. With `fixedLength: true` the length is the
    /// longest value's UTF-8 byte count (at least 1). `shape` defaults to `[values.count]`.
    @discardableResult
    public func writeStrings(_ name: String, _ values: [String], shape: [Int]? = nil, fixedLength: Bool = false,
                             options: H5DatasetOptions = .contiguous) throws -> H5Dataset {
        let length = fixedLength ? max(1, values.map(\.utf8.count).max() ?? 1) : nil
        let dataset = try createStringDataset(name, shape: shape ?? [values.count], fixedLength: length,
                                              options: options)
        try dataset.writeStrings(values)
        return dataset
    }

    private func makeDataset(_ name: String, fileType: hid_t, elementSize: Int, shape: [Int],
                             options: H5DatasetOptions) throws -> H5Dataset {
        let where_ = location(name)
        try H5Shape.validate(shape, location: where_)
        let chunk = try options.resolvedChunk(shape: shape, elementSize: elementSize, location: where_)
        let space: hid_t
        if shape.isEmpty {
            space = try check(H5Screate(H5S_SCALAR), "H5Screate", where_)
        } else {
            let dims = shape.map { hsize_t($0) }
            space = try check(H5Screate_simple(Int32(dims.count), dims, nil), "H5Screate_simple", where_)
        }
        defer { H5Sclose(space) }
        let lcpl = try H5PropertyLists.linkCreate(where_)
        defer { H5Pclose(lcpl) }
        let dcpl = try check(H5Pcreate(chdf5_p_dataset_create()), "H5Pcreate", where_)
        defer { H5Pclose(dcpl) }
        let order = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
        try check(H5Pset_attr_creation_order(dcpl, order), "H5Pset_attr_creation_order", where_)
        let dapl = try check(H5Pcreate(chdf5_p_dataset_access()), "H5Pcreate", where_)
        defer { H5Pclose(dapl) }
        if let chunk {
            let dims = chunk.map { hsize_t($0) }
            try check(H5Pset_chunk(dcpl, Int32(dims.count), dims), "H5Pset_chunk", where_)
            if options.shuffle {
                try check(H5Pset_shuffle(dcpl), "H5Pset_shuffle", where_)
            }
            if let level = options.deflateLevel {
                guard H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 else {
                    throw HDF5Error(call: "H5Zfilter_avail", path: where_,
                                    message: "this libhdf5 has no deflate (gzip) filter")
                }
                try check(H5Pset_deflate(dcpl, UInt32(level)), "H5Pset_deflate", where_)
            }
            // A chunk cache holding two full rows of chunks, so row-block writes that do not line
            // up with chunk boundaries still compress each chunk once.
            let chunkBytes = chunk.reduce(Double(elementSize)) { $0 * Double($1) }
            var rowOfChunks = Double(chunk[0] * elementSize)
            for (extent, c) in zip(shape.dropFirst(), chunk.dropFirst()) { rowOfChunks *= Double((extent + c - 1) / c * c) }
            let cacheBytes = Int(min(max(Double(1 << 20), 2 * rowOfChunks), Double(512 << 20)))
            let slots = max(521, Int(min(Double(cacheBytes) / chunkBytes, 1e6)) * 100 + 1)
            try check(H5Pset_chunk_cache(dapl, slots, cacheBytes, 1.0), "H5Pset_chunk_cache", where_)
        }
        let did = try check(H5Dcreate2(id, name, fileType, space, lcpl, dcpl, dapl), "H5Dcreate2", where_)
        return H5Dataset(file: file, path: childPath(name), id: did)
    }
}

/// Storage layout and filters of a new dataset.
public struct H5DatasetOptions: Sendable, Equatable {
    /// Chunk shape (same rank as the dataset, each 1…extent). `nil`: contiguous storage, unless
    /// a filter is requested, in which case a chunk shape is chosen (≈64 Ki elements, whole rows
    /// of up to 4096 columns for 2-D).
    public var chunk: [Int]?
    /// Byte-shuffle filter before compression (helps floats compress).
    public var shuffle: Bool
    /// gzip (deflate) level 0…9, or `nil` for no compression. Level 1 is usually fastest for the size.
    public var deflateLevel: Int?

    public init(chunk: [Int]? = nil, shuffle: Bool = false, deflateLevel: Int? = nil) {
        self.chunk = chunk
        self.shuffle = shuffle
        self.deflateLevel = deflateLevel
    }

    /// Contiguous, uncompressed storage.
    public static let contiguous = H5DatasetOptions()

    /// Chunked storage with shuffle + gzip at `level`.
    public static func compressed(level: Int = 4, shuffle: Bool = true, chunk: [Int]? = nil) -> H5DatasetOptions {
        H5DatasetOptions(chunk: chunk, shuffle: shuffle, deflateLevel: level)
    }

    /// The chunk shape to use, or nil for contiguous storage. Empty datasets (a zero extent) and
    /// scalars are always contiguous: HDF5 cannot chunk them with fixed dimensions.
    func resolvedChunk(shape: [Int], elementSize: Int, location: String) throws -> [Int]? {
        if let level = deflateLevel, !(0...9).contains(level) {
            throw HDF5Error(call: "H5DatasetOptions", path: location, message: "gzip level must be 0…9, got \(level)")
        }
        let wantsChunks = chunk != nil || shuffle || deflateLevel != nil
        guard wantsChunks, !shape.isEmpty, !shape.contains(0) else { return nil }
        if let chunk {
            guard chunk.count == shape.count, zip(chunk, shape).allSatisfy({ $0.0 >= 1 && $0.0 <= $0.1 }) else {
                throw HDF5Error(call: "H5DatasetOptions", path: location,
                                message: "chunk \(chunk) must have rank \(shape.count) and each size 1…extent of \(shape)")
            }
            return chunk
        }
        let target = 1 << 16
        if shape.count == 1 { return [min(shape[0], target)] }
        var result = Array(repeating: 1, count: shape.count)
        result[shape.count - 1] = min(shape[shape.count - 1], 4096)
        var elements = result[shape.count - 1]
        for axis in stride(from: shape.count - 2, through: 0, by: -1) {
            let c = max(1, min(shape[axis], target / elements))
            result[axis] = c
            elements *= c
        }
        return result
    }
}

enum H5PropertyLists {
    /// Link-creation list that creates missing intermediate groups, with UTF-8 link names.
    static func linkCreate(_ location: String) throws -> hid_t {
        let lcpl = try check(H5Pcreate(chdf5_p_link_create()), "H5Pcreate", location)
        do {
            try check(H5Pset_create_intermediate_group(lcpl, 1), "H5Pset_create_intermediate_group", location)
            try check(H5Pset_char_encoding(lcpl, H5T_CSET_UTF8), "H5Pset_char_encoding", location)
        } catch {
            H5Pclose(lcpl)
            throw error
        }
        return lcpl
    }
}
