import XCTest
@testable import ReparamLanguage
final class ScratchTests: XCTestCase {
    func testShow() {
        let session = Session(seed: 1)
        session.onProgress = { print("  … " + $0.text) }
        for line in ["let d = normal(1, 2)", "let a = 0.5", "grad mean(d.rsample(1000)^2)", "grad mean(d.rsample(1000)^2) using score",
                     "d.rsample(1000)", "let m = [[1.5, -2], [3, 4e-5]]", "m", "gradvar mean(d.rsample(100)^2) reps 50",
                     "gradcheck mean(d.rsample(1000)^2)", "let q = normal(0, 1)", "fit q to normal(3, 0.5) steps 300",
                     ":vars", "?normal", ":help", "grad mean(d.rsample(1000)", "foo(1)", "let e = exponential([1, 2, 3])",
                     "grad mean(e.rsample(1000))", "grad mean(d.rsample(10)) using expl"] {
            print("> " + line)
            for output in session.run(line) { print(output.text) }
        }
    }
}
