import CHDF5

/// An open HDF5 file. Closed by `close()` (checked) or, failing that, when the last reference goes away.
///
/// Closing the file closes every group and dataset opened from it (HDF5's "strong" close degree), so
/// `close()` really releases the file — the atomic writer relies on that before renaming. Objects
/// opened from a closed file throw `HDF5Error` (call `"H5File.isOpen"`) when used.
///
/// Not `Sendable`: use a file and its objects from one task at a time (libhdf5 serialises calls
/// internally in thread-safe builds, but an open object's state is not meant to be shared).
public final class H5File {
    /// Path the file was created or opened with.
    public let path: String
    /// True when opened read-only.
    public let isReadOnly: Bool
    /// False once `close()` has run (or failed).
    public private(set) var isOpen: Bool
    let id: hid_t
    /// The root group "/", kept open for the file's lifetime (root attributes live here).
    public private(set) var root: H5Group!

    private init(path: String, id: hid_t, readOnly: Bool) throws {
        self.path = path
        self.id = id
        self.isReadOnly = readOnly
        self.isOpen = true
        do {
            let rootID = try check(H5Gopen2(id, "/", chdf5_p_default()), "H5Gopen2", path + ":/")
            root = H5Group(file: self, path: "/", id: rootID)
        } catch {
            H5Fclose(id)
            isOpen = false
            throw error
        }
    }

    deinit {
        if isOpen {
            root = nil
            H5Fclose(id)
        }
    }

    /// Creates a new HDF5 file at `path`; replaces an existing file when `overwrite` is true,
    /// otherwise fails if it exists. Groups and attributes record their creation order, so listings
    /// show them in the order they were written.
    public static func create(_ path: String, overwrite: Bool = true) throws -> H5File {
        prepareThread()
        let fcpl = try check(H5Pcreate(chdf5_p_file_create()), "H5Pcreate", path)
        defer { H5Pclose(fcpl) }
        let order = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
        try check(H5Pset_link_creation_order(fcpl, order), "H5Pset_link_creation_order", path)
        try check(H5Pset_attr_creation_order(fcpl, order), "H5Pset_attr_creation_order", path)
        let fapl = try strongCloseAccessList(path)
        defer { H5Pclose(fapl) }
        let flags = overwrite ? chdf5_f_acc_trunc() : chdf5_f_acc_excl()
        let id = try check(H5Fcreate(path, flags, fcpl, fapl), "H5Fcreate", path)
        return try H5File(path: path, id: id, readOnly: false)
    }

    /// Opens an existing HDF5 file, read-only unless `readOnly` is false.
    public static func open(_ path: String, readOnly: Bool = true) throws -> H5File {
        prepareThread()
        let fapl = try strongCloseAccessList(path)
        defer { H5Pclose(fapl) }
        let flags = readOnly ? chdf5_f_acc_rdonly() : chdf5_f_acc_rdwr()
        let id = try check(H5Fopen(path, flags, fapl), "H5Fopen", path)
        return try H5File(path: path, id: id, readOnly: readOnly)
    }

    /// True when `path` is a readable HDF5 file (false for missing or non-HDF5 files).
    public static func isHDF5(_ path: String) -> Bool {
        prepareThread()
        return H5Fis_hdf5(path) > 0
    }

    private static func strongCloseAccessList(_ path: String) throws -> hid_t {
        let fapl = try check(H5Pcreate(chdf5_p_file_access()), "H5Pcreate", path)
        do {
            try check(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "H5Pset_fclose_degree", path)
        } catch {
            H5Pclose(fapl)
            throw error
        }
        return fapl
    }

    /// Writes buffered data and metadata to disk (HDF5 level; the OS may still cache it).
    public func flush() throws {
        prepareThread()
        try ensureOpen()
        try check(H5Fflush(id, H5F_SCOPE_GLOBAL), "H5Fflush", path)
    }

    /// Closes the file and every object opened from it. Throws if HDF5 fails to write out the file.
    /// Calling it again is a no-op.
    public func close() throws {
        prepareThread()
        guard isOpen else { return }
        isOpen = false
        if let root { H5Gclose(root.id) }
        try check(H5Fclose(id), "H5Fclose", path)
    }

    func ensureOpen() throws {
        if !isOpen { throw HDF5Error(call: "H5File.isOpen", path: path, message: "the file is closed") }
    }

    // MARK: Convenience forwarding to the root group

    /// Creates a group (and any missing intermediate groups) at `path`, e.g. `"field/heliostats"`.
    @discardableResult
    public func createGroup(_ path: String) throws -> H5Group { try root.createGroup(path) }

    /// Opens an existing group.
    public func group(_ path: String) throws -> H5Group { try root.group(path) }

    /// Opens an existing dataset.
    public func dataset(_ path: String) throws -> H5Dataset { try root.dataset(path) }

    /// True when a link (group or dataset) exists at `path`.
    public func contains(_ path: String) throws -> Bool { try root.contains(path) }

    /// Everything below the root, depth first, in creation order when recorded (else by name).
    public func contents(recursive: Bool = true) throws -> [H5ObjectInfo] { try root.contents(recursive: recursive) }
}
