import XCTest
@testable import Reparam

/// log Γ, ψ, ψ₁ against mpmath (scripts/fixtures/gamma_fixtures.py).
final class GammaFunctionsTests: XCTestCase {
    func testPositiveArgumentsAgainstMpmath() throws {
        var worst = (logGamma: 0.0, digamma: 0.0, trigamma: 0.0)
        for row in try fixture("gamma_functions.tsv") where row[0] > 0 {
            let x = row[0]
            worst.logGamma = max(worst.logGamma, relativeError(logGamma(x), row[1]))
            worst.digamma = max(worst.digamma, relativeError(digamma(x), row[2]))
            worst.trigamma = max(worst.trigamma, relativeError(trigamma(x), row[3]))
            assertRelative(logGamma(x), row[1], 1e-14, "logGamma(\(x))")
            assertRelative(digamma(x), row[2], 1e-14, "digamma(\(x))")
            assertRelative(trigamma(x), row[3], 1e-14, "trigamma(\(x))")
        }
        print("worst relative error on x > 0:", worst)
    }

    func testReflectionForNegativeNonIntegers() throws {
        for row in try fixture("gamma_functions.tsv") where row[0] < 0 {
            let x = row[0]
            assertRelative(logGamma(x), row[1], 1e-13, "logGamma(\(x))")
            assertRelative(digamma(x), row[2], 1e-13, "digamma(\(x))")
            assertRelative(trigamma(x), row[3], 1e-13, "trigamma(\(x))")
        }
    }

    func testPolesAndNaNDoNotTrap() {
        for pole in [0.0, -1, -2, -50] {
            XCTAssertEqual(logGamma(pole), .infinity)
            XCTAssertTrue(digamma(pole).isNaN)
            XCTAssertEqual(trigamma(pole), .infinity)
        }
        XCTAssertTrue(digamma(.nan).isNaN)
        XCTAssertTrue(trigamma(.nan).isNaN)
        XCTAssertTrue(digamma(-.infinity).isNaN)
        XCTAssertEqual(digamma(.infinity), .infinity)
    }

    func testClosedForms() {
        let eulerGamma = 0.57721566490153286
        assertRelative(digamma(1), -eulerGamma, 1e-15)
        assertRelative(digamma(0.5), -eulerGamma - 2 * log(2.0), 1e-15)
        assertRelative(trigamma(1), Double.pi * Double.pi / 6, 1e-15)
        assertRelative(trigamma(0.5), Double.pi * Double.pi / 2, 1e-15)
        assertRelative(logGamma(0.5), 0.5 * log(Double.pi), 1e-15)
    }

    func testGenericFormsCarryDerivatives() {
        let lg = logGamma(Dual(3.5, derivative: 1))
        XCTAssertEqual(lg.value, logGamma(3.5))
        XCTAssertEqual(lg.derivative, digamma(3.5))
        let psi = digamma(Dual(0.25, derivative: 2))
        XCTAssertEqual(psi.value, digamma(0.25))
        XCTAssertEqual(psi.derivative, 2 * trigamma(0.25))
    }

    /// Plain C `lgamma` writes the sign of Γ to the global `signgam` (a data race from the parallel
    /// kernels); every route to log Γ goes through `lgamma_r` and leaves it alone. Γ(−0.5) < 0,
    /// so plain lgamma would set it to −1.
    func testLogGammaLeavesSigngamAlone() throws {
        // The C global, reached through the dynamic linker (Swift 6 forbids naming shared mutable C state).
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "signgam") else {
            XCTFail("no signgam in the C library")
            return
        }
        let signgam = symbol.assumingMemoryBound(to: Int32.self)
        signgam.pointee = 42
        _ = logGamma(-0.5)
        _ = logGamma(Dual(-0.5, derivative: 1))
        _ = lgamma(Tensor((0..<50_000).map { -0.5 - Double($0 % 7) }))
        var stream = RandomStream(seed: 1)
        let values = Tensor([0.2, 0.5, 0.9])
        let families: [any Distribution] = [
            try Gamma(concentration: Tensor(0.7), rate: Tensor(2)), try Beta(a: Tensor(0.5), b: Tensor(3)),
            try StudentT(df: Tensor(3), loc: Tensor(0), scale: Tensor(1)), try Chi2(df: Tensor(3)),
            try LogGamma(concentration: Tensor(0.7), rate: Tensor(2)),
        ]
        for d in families {
            _ = try d.logProb(values)
            _ = try d.entropy()
            _ = try d.cdf(values)
            _ = try d.icdf(Tensor([0.1, 0.5]))
            _ = try gradients(of: d.rsample([5000], using: &stream).sum(), withRespectTo: d.parameters.map(\.value))
        }
        let dirichlet = try Dirichlet(concentration: Tensor([0.5, 2, 3]))
        _ = try dirichlet.logProb(Tensor([0.2, 0.3, 0.5]))
        _ = try dirichlet.entropy()
        XCTAssertEqual(signgam.pointee, 42, "something called the non-reentrant lgamma")
        // The probe works: the plain C function does write it.
        guard let plain = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "lgamma") else { return XCTFail("no lgamma in the C library") }
        _ = unsafeBitCast(plain, to: (@convention(c) (Double) -> Double).self)(-0.5)
        XCTAssertEqual(signgam.pointee, -1)
    }

    /// The same at the source: no qualified call of the C function anywhere in the package.
    func testNoSourceCallsPlainLgamma() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var offenders: [String] = []
        for folder in ["Sources", "Tests"] {
            guard let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in files where url.pathExtension == "swift" {
                let text = try String(contentsOf: url, encoding: .utf8)
                // Spelled in pieces so that this file does not match itself.
                let calls = ["Foundation.", "Glibc.", "Darwin."].map { $0 + "lgamma(" } + ["f(", "l("].map { "lgamma" + $0 }
                for call in calls where text.contains(call) {
                    offenders.append("\(url.lastPathComponent): \(call)")
                }
            }
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources/Reparam/Special").path), "\(root.path)")
        XCTAssertEqual(offenders, [])
    }
}
