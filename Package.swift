// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mlsd",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mlsd", targets: ["mlsd"]),
        .executable(name: "mlsd-bench", targets: ["mlsd-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "MLSDCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Cache hints (prefetch) for the simulator's event loop: header-only C, no result depends on them.
        .target(name: "CEngineHints"),
        .target(
            name: "MLSDSim",
            dependencies: ["MLSDCore", "CEngineHints"],
            // The engine's internal checks (Sources/MLSDSim/Invariant.swift): on in debug builds; the
            // test command turns them on in its optimised build with -Xswiftc -DMLSD_INVARIANTS.
            swiftSettings: [.define("MLSD_INVARIANTS", .when(configuration: .debug))]
        ),
        .target(name: "MLSDExport", dependencies: ["MLSDCore", "MLSDSim"]),
        .target(name: "MLSDInterview", dependencies: ["MLSDCore", "MLSDSim", "MLSDExport"]),
        .target(name: "MLSDTUI", dependencies: ["MLSDCore", "MLSDSim", "MLSDExport", "MLSDInterview"]),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncursesw5-dev"])]),
        // The TUI's signal handlers, in C so that what runs in a handler is async-signal-safe.
        .target(name: "CTerminalGuard"),
        .target(name: "MLSDTerminal", dependencies: ["CNCurses", "CTerminalGuard", "MLSDTUI"]),
        .executableTarget(
            name: "mlsd",
            dependencies: [
                "MLSDCore", "MLSDSim", "MLSDExport", "MLSDInterview", "MLSDTUI", "MLSDTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "mlsd-bench",
            dependencies: [
                "MLSDCore", "MLSDSim", "MLSDExport", "MLSDTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "MLSDTestSupport", path: "Tests/MLSDTestSupport"),
        .testTarget(name: "MLSDCoreTests", dependencies: ["MLSDCore"]),
        .testTarget(name: "MLSDSimTests", dependencies: ["MLSDCore", "MLSDSim"]),
        .testTarget(name: "MLSDInterviewTests", dependencies: ["MLSDCore", "MLSDSim", "MLSDInterview"]),
        .testTarget(name: "MLSDTUITests", dependencies: ["MLSDCore", "MLSDSim", "MLSDExport", "MLSDInterview", "MLSDTUI", "MLSDTestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "MLSDExportTests", dependencies: ["MLSDCore", "MLSDSim", "MLSDExport", "MLSDTestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "MLSDEndToEndTests", dependencies: ["mlsd"]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system && target.name != "CTerminalGuard" && target.name != "CEngineHints" {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
