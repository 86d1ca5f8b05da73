/// A raw buffer lent to the chunks of one parallel kernel.
///
/// Unsafe pointers are not `Sendable`: the compiler cannot see that the chunks of
/// `Parallel.forEachChunk` touch disjoint ranges, so a `@Sendable` chunk closure may not
/// capture one. This wrapper states the kernel's promise for one call:
///
/// * every chunk writes only the elements of its own range (or of its own partial-sum slot),
///   and reads only elements no chunk writes;
/// * the buffer outlives the call (it is borrowed from the `withUnsafe…BufferPointer` or
///   `Kernels.make` around it), since `forEachChunk` returns only after every chunk ended.
///
/// It compiles to the pointer itself (every member is inlined), so a kernel costs the same.
///
///     Kernels.make(n) { out in
///         let out = SharedBuffer(out)
///         Parallel.forEachChunk(count: n) { range in for i in range { out[i] = f(i) } }
///     }
struct SharedBuffer<Element>: @unchecked Sendable {
    /// The borrowed buffer; use it only inside the kernel call that lent it.
    let buffer: UnsafeMutableBufferPointer<Element>

    @inline(__always) init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }

    /// A buffer the chunks only read.
    @inline(__always) init(_ buffer: UnsafeBufferPointer<Element>) {
        self.buffer = UnsafeMutableBufferPointer(mutating: buffer)
    }

    /// The same buffer, for a callee that only reads it.
    @inline(__always) var readOnly: UnsafeBufferPointer<Element> { UnsafeBufferPointer(buffer) }

    @inline(__always) var count: Int { buffer.count }

    @inline(__always) var baseAddress: UnsafeMutablePointer<Element>? { buffer.baseAddress }

    /// The first element's address; only for a buffer known to be non-empty.
    @inline(__always) var start: UnsafeMutablePointer<Element> { buffer.baseAddress.unsafelyUnwrapped }

    @inline(__always) subscript(index: Int) -> Element {
        get { buffer[index] }
        nonmutating set { buffer[index] = newValue }
    }
}
