import Foundation

/// For each heliostat, the other heliostats whose pivots lie within a horizontal radius (compressed
/// sparse rows, structure of arrays). Built once per layout with a uniform grid; used by the shading and
/// blocking model and by the ray tracer.
public struct NeighbourLists: Sendable {
    /// Heliostat i's neighbours are entries start[i] ..< start[i + 1].
    public let start: [Int32]
    /// Index of the neighbour heliostat.
    public let index: [Int32]
    /// Offset of the neighbour's pivot from heliostat i's pivot. [m]
    public let dx: [Double], dy: [Double], dz: [Double]
    /// Search radius used. [m]
    public let radius: Double

    /// Builds the lists. Neighbours of each heliostat are sorted by index, so results never depend on
    /// hashing order. `radius` [m]
    public init(layout: FieldLayout, radius: Double) {
        let n = layout.count
        self.radius = radius
        guard n > 0, radius > 0 else {
            start = [Int32](repeating: 0, count: n + 1); index = []; dx = []; dy = []; dz = []
            return
        }
        let minX = layout.x.min()!, minY = layout.y.min()!
        let maxX = layout.x.max()!, maxY = layout.y.max()!
        let cell = radius
        let nx = max(1, Int(((maxX - minX) / cell).rounded(.down)) + 1)
        let ny = max(1, Int(((maxY - minY) / cell).rounded(.down)) + 1)
        // Bucket heliostats by cell (counting sort keeps index order inside each cell).
        var cellOf = [Int](repeating: 0, count: n)
        var cellCount = [Int](repeating: 0, count: nx * ny + 1)
        for i in 0..<n {
            let cx = min(nx - 1, Int((layout.x[i] - minX) / cell))
            let cy = min(ny - 1, Int((layout.y[i] - minY) / cell))
            cellOf[i] = cy * nx + cx
            cellCount[cellOf[i] + 1] += 1
        }
        for k in 0..<(nx * ny) { cellCount[k + 1] += cellCount[k] }
        var fill = cellCount
        var members = [Int](repeating: 0, count: n)
        for i in 0..<n { members[fill[cellOf[i]]] = i; fill[cellOf[i]] += 1 }

        var start = [Int32](repeating: 0, count: n + 1)
        var index: [Int32] = [], dx: [Double] = [], dy: [Double] = [], dz: [Double] = []
        index.reserveCapacity(n * 24); dx.reserveCapacity(n * 24); dy.reserveCapacity(n * 24); dz.reserveCapacity(n * 24)
        let r2 = radius * radius
        var found: [Int] = []
        for i in 0..<n {
            let c = cellOf[i]
            let cx = c % nx, cy = c / nx
            found.removeAll(keepingCapacity: true)
            for yy in max(0, cy - 1)...min(ny - 1, cy + 1) {
                for xx in max(0, cx - 1)...min(nx - 1, cx + 1) {
                    let k = yy * nx + xx
                    for m in cellCount[k]..<cellCount[k + 1] {
                        let j = members[m]
                        if j == i { continue }
                        let ddx = layout.x[j] - layout.x[i], ddy = layout.y[j] - layout.y[i]
                        if ddx * ddx + ddy * ddy <= r2 { found.append(j) }
                    }
                }
            }
            found.sort()
            for j in found {
                index.append(Int32(j))
                dx.append(layout.x[j] - layout.x[i]); dy.append(layout.y[j] - layout.y[i]); dz.append(layout.z[j] - layout.z[i])
            }
            start[i + 1] = Int32(index.count)
        }
        self.start = start; self.index = index; self.dx = dx; self.dy = dy; self.dz = dz
    }

    /// Mean number of neighbours per heliostat.
    public var meanCount: Double { start.count > 1 ? Double(index.count) / Double(start.count - 1) : 0 }
}

/// Runs `body(slice)` for slices 0..<count on `threads` workers (static round-robin). Each slice must
/// write only its own output, so results never depend on the thread count.
@inlinable
func parallelSlices(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let t = max(1, min(threads, count))
    if t == 1 { for k in 0..<count { body(k) }; return }
    // Dedicated threads: Linux's `DispatchQueue.concurrentPerform` was measured here running its iterations one
    // after another on one thread in some runs (a year of SAM-field optics took 3.0 s instead of 1.6 s).
    // `body` escapes into the threads, which all finish before this returns.
    let done = DispatchSemaphore(value: 0)
    for w in 1..<t {
        Thread {
            var k = w
            while k < count { body(k); k += t }
            done.signal()
        }.start()
    }
    var k = 0
    while k < count { body(k); k += t }
    for _ in 1..<t { done.wait() }
}

/// A raw buffer that disjoint parallel slices write into (each slice owns its own index range).
@usableFromInline
struct SliceBuffer<T>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<T>
    @usableFromInline let count: Int
    @usableFromInline init(_ count: Int, initial: T) {
        base = .allocate(capacity: max(count, 1)); self.count = count
        base.initialize(repeating: initial, count: max(count, 1))
    }
    @usableFromInline func array() -> [T] { Array(UnsafeBufferPointer(start: base, count: count)) }
    @usableFromInline func free() { base.deinitialize(count: max(count, 1)); base.deallocate() }
}

/// Default worker count: the machine's active cores.
public var defaultThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }
