// swift-tools-version:6.0
// SolarTower — hour-by-hour model of molten-salt solar power tower plants.
import PackageDescription

let package = Package(
    name: "SolarTower",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SolarTower", targets: ["SolarTower"]),
        .library(name: "HDF5", targets: ["HDF5"]),
        .executable(name: "solartower", targets: ["solartower"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // HDF5 C library (Debian: libhdf5-dev, pkg-config name hdf5-serial).
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5-serial",
            providers: [.apt(["libhdf5-dev"])]
        ),
        // Small typed Swift wrapper over the HDF5 C API.
        .target(name: "HDF5", dependencies: ["CHDF5"]),
        // The model: one folder per physical stage, in the order energy flows.
        .target(
            name: "SolarTower",
            dependencies: [
                "HDF5",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            cSettings: [],
            swiftSettings: [
                // Lets libm calls (sqrt, exp…) in hot loops vectorise: see DESIGN.md performance notes.
                .unsafeFlags(["-Xcc", "-fno-math-errno"]),
            ]
        ),
        // Command-line tool: thin layer over the library.
        .executableTarget(
            name: "solartower",
            dependencies: [
                "SolarTower", "HDF5",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SolarTowerTests", dependencies: ["SolarTower", "HDF5"],
                    resources: [.copy("Corpus")]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5"]),
    ],
    swiftLanguageModes: [.v6]
)
