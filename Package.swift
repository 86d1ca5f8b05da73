// swift-tools-version:6.0
import PackageDescription

// No unsafeFlags: they would make the library products unusable as a versioned dependency.
// `-enforce-exclusivity=unchecked` (which turns off the run-time exclusivity checks, not bounds
// checks) was measured before it went: reparam-bench, every family, sample and rsample+backward,
// 1 thread, release, with and without in one run: geometric mean of the ratios 1.002; the one
// case it helped, mixture10d rsample+backward, by 3–5% (3.12–3.31 s against 3.30–3.33 s a call).

let package = Package(
    name: "reparam",
    products: [
        .library(name: "Reparam", targets: ["Reparam"]),
        .library(name: "ReparamLanguage", targets: ["ReparamLanguage"]),
        .library(name: "ReparamPlots", targets: ["ReparamPlots"]),
        .executable(name: "reparam", targets: ["reparam"]),
        .executable(name: "reparam-bench", targets: ["reparam-bench"]),
        .executable(name: "reparam-fuzz", targets: ["reparam-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The engine: tensors, autodiff, random streams, special functions,
        // distributions. Imports no terminal library and prints nothing.
        .target(name: "Reparam"),
        // Pure text rendering: data in, lines of text out (the engine's statistics types in).
        .target(name: "ReparamPlots", dependencies: ["Reparam"]),
        // Lexer, parser, interpreter, values, builtins.
        .target(name: "ReparamLanguage", dependencies: ["Reparam", "ReparamPlots"]),
        // GNU readline and ncurses, as thin C shims (GPL: only the terminal
        // layer and the executable link them).
        .systemLibrary(name: "_CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "_CNcurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "ReparamTerminal",
                dependencies: ["ReparamLanguage", "ReparamPlots", "_CReadline", "_CNcurses",
                               .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "reparam", dependencies: ["ReparamTerminal", "Reparam"]),
        .executableTarget(name: "reparam-bench",
                          dependencies: ["Reparam", "ReparamPlots", "ReparamLanguage",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Random statements from every family, for `reparam run --keep-going --json` (scripts/fuzz).
        .executableTarget(name: "reparam-fuzz", dependencies: ["ReparamLanguage"]),

        // Test support, in no product: a stand-in language for the terminal's tests, and the
        // terminal running it for scripts/tmux-e2e.sh.
        .target(name: "ReparamTestSupport", dependencies: ["ReparamTerminal", "ReparamLanguage"]),
        .executableTarget(name: "reparam-demo", dependencies: ["ReparamTerminal", "ReparamTestSupport"]),

        .testTarget(name: "ReparamTests", dependencies: ["Reparam"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ReparamPlotsTests", dependencies: ["ReparamPlots", "Reparam"], resources: [.copy("Golden")]),
        .testTarget(name: "ReparamLanguageTests", dependencies: ["ReparamLanguage", "Reparam"]),
        .testTarget(name: "ReparamTerminalTests", dependencies: ["ReparamTerminal", "ReparamTestSupport"]),
        // The built executables run as processes (their output and exit status).
        .testTarget(name: "ReparamCommandLineTests", dependencies: ["reparam"]),
    ],
    swiftLanguageModes: [.v6]
)
