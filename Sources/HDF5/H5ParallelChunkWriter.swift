import CHDF5
import Dispatch

/// Writes whole chunks of a row block with `H5Dwrite_chunk` after compressing them on all cores:
/// byte shuffle then zlib deflate — exactly the stream HDF5's own shuffle + deflate filters produce,
/// so any reader (h5py, MATLAB, HDFView) decodes it through the filters declared on the dataset.
/// HDF5 itself compresses on one thread; this is what makes a 950 MB per-heliostat matrix fast.
struct H5ParallelChunkWriter {
    let rows: Int
    let columns: Int
    let chunkRows: Int
    let chunkColumns: Int
    let elementSize: Int
    let shuffle: Bool
    let level: Int32
    /// zlib strategy for the chunks compressed here (HDF5 itself always uses the default).
    var strategy: H5DeflateStrategy = .standard

    /// The plan for a dataset, or nil when it does not qualify: it must be 2-D, chunked, stored in
    /// exactly `T`'s in-memory type, with filters `deflate` or `shuffle, deflate` and nothing else.
    static func plan<T: H5Scalar>(dataset id: hid_t, type: T.Type, location: String) throws -> H5ParallelChunkWriter? {
        let space = try check(H5Dget_space(id), "H5Dget_space", location)
        defer { H5Sclose(space) }
        let shape = try H5Shape.dims(space: space, location: location)
        guard shape.count == 2 else { return nil }
        let fileType = try check(H5Dget_type(id), "H5Dget_type", location)
        defer { H5Tclose(fileType) }
        guard try check(H5Tequal(fileType, T.h5MemoryType), "H5Tequal", location) > 0 else { return nil }
        let dcpl = try check(H5Dget_create_plist(id), "H5Dget_create_plist", location)
        defer { H5Pclose(dcpl) }
        guard H5Pget_layout(dcpl) == H5D_CHUNKED else { return nil }
        var chunk: [hsize_t] = [0, 0]
        guard try check(H5Pget_chunk(dcpl, 2, &chunk), "H5Pget_chunk", location) == 2 else { return nil }
        var filterIDs: [H5Z_filter_t] = []
        var level: UInt32 = 0
        let count = try check(H5Pget_nfilters(dcpl), "H5Pget_nfilters", location)
        for index in 0..<UInt32(count) {
            var flags: UInt32 = 0
            var valueCount = 8
            var values = [UInt32](repeating: 0, count: 8)
            var config: UInt32 = 0
            let filter = try check(H5Pget_filter2(dcpl, index, &flags, &valueCount, &values, 0, nil, &config),
                                   "H5Pget_filter2", location)
            filterIDs.append(filter)
            if filter == H5Z_FILTER_DEFLATE { level = valueCount > 0 ? values[0] : 0 }
        }
        let shuffle: Bool
        switch filterIDs {
        case [H5Z_FILTER_DEFLATE]: shuffle = false
        case [H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE]: shuffle = true
        default: return nil
        }
        return H5ParallelChunkWriter(rows: shape[0], columns: shape[1], chunkRows: Int(chunk[0]),
                                     chunkColumns: Int(chunk[1]), elementSize: MemoryLayout<T>.stride,
                                     shuffle: shuffle, level: Int32(level))
    }

    /// Rows of a block starting at `start` (a multiple of `chunkRows`) that can go in whole chunks:
    /// all of it when the block reaches the last row, else a multiple of `chunkRows`.
    func directRows(start: Int, blockRows: Int) -> Int {
        guard start % chunkRows == 0 else { return 0 }
        if start + blockRows == rows { return blockRows }
        return blockRows / chunkRows * chunkRows
    }

    /// Compresses and writes rows `start ..< start + blockRows` from `values` (row-major, `columns` wide).
    func write(dataset id: hid_t, _ values: UnsafeRawBufferPointer, start: Int, blockRows: Int, location: String) throws {
        let chunkRowCount = (blockRows + chunkRows - 1) / chunkRows
        let chunkColumnCount = (columns + chunkColumns - 1) / chunkColumns
        let tiles = chunkRowCount * chunkColumnCount
        // All-zero chunks (night hours) compress to the same bytes: deflate one and reuse it.
        let zeroChunk = deflate([UInt8](repeating: 0, count: chunkRows * chunkColumns * elementSize))
        var compressed = [[UInt8]](repeating: [], count: tiles)
        compressed.withUnsafeMutableBufferPointer { results in
            let shared = SharedBuffers(input: values, results: results)
            DispatchQueue.concurrentPerform(iterations: tiles) { tile in
                shared.results[tile] = compress(tile: tile, of: shared.input, blockRows: blockRows,
                                                chunkColumnCount: chunkColumnCount, zeroChunk: zeroChunk)
            }
        }
        for tile in 0..<tiles {
            guard !compressed[tile].isEmpty else {
                throw HDF5Error(call: "compress2", path: location, message: "zlib failed to compress chunk \(tile)")
            }
            let offset: [hsize_t] = [hsize_t(start + tile / chunkColumnCount * chunkRows),
                                     hsize_t(tile % chunkColumnCount * chunkColumns)]
            try compressed[tile].withUnsafeBytes { bytes in
                _ = try check(H5Dwrite_chunk(id, chdf5_p_default(), 0, offset, bytes.count, bytes.baseAddress),
                              "H5Dwrite_chunk", location)
            }
        }
    }

    /// One chunk, zero-padded past the block's rows or the matrix's columns, shuffled, deflated.
    /// Returns an empty array if zlib fails.
    private func compress(tile: Int, of values: UnsafeRawBufferPointer, blockRows: Int, chunkColumnCount: Int,
                          zeroChunk: [UInt8]) -> [UInt8] {
        let firstRow = tile / chunkColumnCount * chunkRows
        let firstColumn = tile % chunkColumnCount * chunkColumns
        let usedRows = min(chunkRows, blockRows - firstRow)
        let usedColumns = min(chunkColumns, columns - firstColumn)
        let elements = chunkRows * chunkColumns
        let bytes = elements * elementSize
        var raw = [UInt8](repeating: 0, count: bytes)
        raw.withUnsafeMutableBytes { out in
            for r in 0..<usedRows {
                let source = values.baseAddress! + ((firstRow + r) * columns + firstColumn) * elementSize
                if shuffle {
                    // Byte plane j holds byte j of every element (HDF5 shuffle filter layout).
                    let base = r * chunkColumns
                    let from = source.assumingMemoryBound(to: UInt8.self)
                    for j in 0..<elementSize {
                        let plane = out.baseAddress!.assumingMemoryBound(to: UInt8.self) + j * elements + base
                        for c in 0..<usedColumns { plane[c] = from[c * elementSize + j] }
                    }
                } else {
                    (out.baseAddress! + r * chunkColumns * elementSize)
                        .copyMemory(from: source, byteCount: usedColumns * elementSize)
                }
            }
        }
        let allZero = raw.withUnsafeBytes { bytes in
            bytes.withMemoryRebound(to: UInt8.self) { $0.allSatisfy { $0 == 0 } }
        }
        return allZero ? zeroChunk : deflate(raw)
    }

    /// zlib stream of `raw` at this dataset's level; empty if zlib fails.
    private func deflate(_ raw: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: chdf5_deflate_bound(raw.count))
        let size = raw.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                chdf5_deflate(input.baseAddress, raw.count, out.baseAddress, out.count, level, strategy.zlibValue)
            }
        }
        output.removeLast(output.count - size)
        return output
    }
}

/// Buffers shared by the compression workers for the duration of one `concurrentPerform`: the input
/// is only read, and each worker writes only its own result slot, so there is no data race.
private struct SharedBuffers: @unchecked Sendable {
    let input: UnsafeRawBufferPointer
    let results: UnsafeMutableBufferPointer<[UInt8]>
}

/// How zlib looks for repeats in chunks the wrapper compresses itself. Either way the result is a
/// standard zlib stream that HDF5's deflate filter (h5py, MATLAB, HDFView) decompresses.
public enum H5DeflateStrategy: Sendable, Equatable {
    /// zlib's default (what HDF5's own filter does): smallest files.
    case standard
    /// Run-length matches only (`Z_RLE`): about 1.8× faster on shuffled floats, ~7 % larger.
    case runLength

    var zlibValue: Int32 { self == .standard ? Z_DEFAULT_STRATEGY : Z_RLE }
}
