/// Forward and back substitution on one row-major n × n lower-triangular matrix, in place on
/// n × k right-hand sides (the loops every factorization, solve and backward rule here share).
///
///     lower:       L X = B     x_ic = (b_ic − Σ_{j<i} L_ij x_jc) / L_ii,  i = 0 … n−1
///     transposed:  Lᵀ X = B    x_ic = (b_ic − Σ_{j>i} L_ji x_jc) / L_ii,  i = n−1 … 0
///
/// Only the lower triangle of L (at `l`) is read; X overwrites B (at `b`).
enum TriangularKernels {
    static func solveLower(_ l: UnsafePointer<Double>, _ b: UnsafeMutablePointer<Double>, n: Int, k: Int) {
        for i in 0..<n {
            let pivot = l[i * n + i]
            for c in 0..<k {
                var s = b[i * k + c]
                for j in 0..<i { s -= l[i * n + j] * b[j * k + c] }
                b[i * k + c] = s / pivot
            }
        }
    }

    static func solveLowerTransposed(_ l: UnsafePointer<Double>, _ b: UnsafeMutablePointer<Double>, n: Int, k: Int) {
        for i in stride(from: n - 1, through: 0, by: -1) {
            let pivot = l[i * n + i]
            for c in 0..<k {
                var s = b[i * k + c]
                for j in (i + 1)..<max(n, i + 1) { s -= l[j * n + i] * b[j * k + c] }
                b[i * k + c] = s / pivot
            }
        }
    }
}
