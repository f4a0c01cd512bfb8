import CHDF5

/// One entry of a file listing: a group, dataset or link, with its attributes.
public struct H5ObjectInfo: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case group
        case dataset(H5DatasetInfo)
        /// Soft or external link (not followed).
        case link(String)
        /// Named datatype or anything else.
        case other
    }

    /// Absolute path inside the file.
    public var path: String
    public var kind: Kind
    public var attributes: [H5NamedAttribute]

    public init(path: String, kind: Kind, attributes: [H5NamedAttribute]) {
        self.path = path
        self.kind = kind
        self.attributes = attributes
    }

    /// The value of attribute `name`, if present.
    public func attribute(_ name: String) -> H5AttributeValue? {
        attributes.first { $0.name == name }?.value
    }
}

enum H5Listing {
    /// Deepest group nesting followed (guards against hard-link cycles).
    static let maximumDepth = 64

    static func memberNames(groupID: hid_t, location: String) throws -> [String] {
        var info = H5G_info_t()
        try check(H5Gget_info(groupID, &info), "H5Gget_info", location)
        if info.nlinks == 0 { return [] }
        var order = H5_INDEX_CRT_ORDER
        if H5Lget_name_by_idx(groupID, ".", order, H5_ITER_INC, 0, nil, 0, chdf5_p_default()) < 0 {
            order = H5_INDEX_NAME
        }
        return try (0..<info.nlinks).map { index in
            let length = try check(H5Lget_name_by_idx(groupID, ".", order, H5_ITER_INC, index, nil, 0, chdf5_p_default()),
                                   "H5Lget_name_by_idx", location)
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            try check(H5Lget_name_by_idx(groupID, ".", order, H5_ITER_INC, index, &buffer, buffer.count, chdf5_p_default()),
                      "H5Lget_name_by_idx", location)
            return decodeCString(buffer)
        }
    }

    static func collect(groupID: hid_t, path: String, file: String, recursive: Bool, depth: Int,
                        into out: inout [H5ObjectInfo]) throws {
        for name in try memberNames(groupID: groupID, location: file + ":" + path) {
            let childPath = path == "/" ? "/" + name : path + "/" + name
            let location = file + ":" + childPath
            let linkType = chdf5_link_type(groupID, name)
            if linkType < 0 { throw HDF5Error.fromLibrary(call: "H5Lget_info", path: location) }
            if linkType == Int32(H5L_TYPE_SOFT.rawValue) {
                var target = [CChar](repeating: 0, count: 1024)
                let known = chdf5_soft_link_target(groupID, name, &target, target.count) == 0
                out.append(H5ObjectInfo(path: childPath, kind: .link(known ? "soft link to \(decodeCString(target))" : "soft link"),
                                        attributes: []))
                continue
            }
            if linkType != Int32(H5L_TYPE_HARD.rawValue) {
                out.append(H5ObjectInfo(path: childPath, kind: .link("external link"), attributes: []))
                continue
            }
            let object = try check(H5Oopen(groupID, name, chdf5_p_default()), "H5Oopen", location)
            defer { H5Oclose(object) }
            let attributes = try H5AttributeIO.all(of: object, location: location)
            switch H5Iget_type(object) {
            case H5I_GROUP:
                out.append(H5ObjectInfo(path: childPath, kind: .group, attributes: attributes))
                if recursive && depth < maximumDepth {
                    try collect(groupID: object, path: childPath, file: file, recursive: true, depth: depth + 1, into: &out)
                }
            case H5I_DATASET:
                let info = try datasetInfo(object, location: location)
                out.append(H5ObjectInfo(path: childPath, kind: .dataset(info), attributes: attributes))
            default:
                out.append(H5ObjectInfo(path: childPath, kind: .other, attributes: attributes))
            }
        }
    }

    /// Dataset info for a bare dataset id (not owned).
    static func datasetInfo(_ id: hid_t, location: String) throws -> H5DatasetInfo {
        let space = try check(H5Dget_space(id), "H5Dget_space", location)
        defer { H5Sclose(space) }
        let shape = try H5Shape.dims(space: space, location: location)
        let type = try check(H5Dget_type(id), "H5Dget_type", location)
        defer { H5Tclose(type) }
        let element = H5ElementType.of(type: type)
        let dcpl = try check(H5Dget_create_plist(id), "H5Dget_create_plist", location)
        defer { H5Pclose(dcpl) }
        var chunk: [Int]? = nil
        if H5Pget_layout(dcpl) == H5D_CHUNKED {
            var dims = [hsize_t](repeating: 0, count: max(1, shape.count))
            let rank = try check(H5Pget_chunk(dcpl, Int32(dims.count), &dims), "H5Pget_chunk", location)
            chunk = dims.prefix(Int(rank)).map { Int($0) }
        }
        var filters: [String] = []
        let count = try check(H5Pget_nfilters(dcpl), "H5Pget_nfilters", location)
        for index in 0..<UInt32(count) {
            var flags: UInt32 = 0
            var valueCount = 8
            var values = [UInt32](repeating: 0, count: 8)
            var name = [CChar](repeating: 0, count: 64)
            var config: UInt32 = 0
            let filter = try check(H5Pget_filter2(dcpl, index, &flags, &valueCount, &values, name.count, &name, &config),
                                   "H5Pget_filter2", location)
            switch filter {
            case H5Z_FILTER_DEFLATE: filters.append("gzip(\(valueCount > 0 ? values[0] : 0))")
            case H5Z_FILTER_SHUFFLE: filters.append("shuffle")
            case H5Z_FILTER_FLETCHER32: filters.append("fletcher32")
            default:
                let text = decodeCString(name)
                filters.append(text.isEmpty ? "filter\(filter)" : text)
            }
        }
        return H5DatasetInfo(shape: shape, element: element, chunk: chunk, filters: filters,
                             storageBytes: Int(H5Dget_storage_size(id)))
    }
}
