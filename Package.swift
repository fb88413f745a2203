// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "LoyalNest",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "loyalnest", targets: ["loyalnest"]),
        .library(name: "LoyaltyCore", targets: ["LoyaltyCore"]),
        .library(name: "LoyaltyStore", targets: ["LoyaltyStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW",
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CICU", path: "Sources/CICU",
                       providers: [.apt(["libicu-dev"])]),
        .target(name: "LoyaltyCore"),
        .target(name: "LoyaltyStore", dependencies: [
            "LoyaltyCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "DemoData", path: "Data", exclude: ["README.md"],
                resources: [.copy("demo-store.json")]),
        .target(name: "TerminalUI", dependencies: [
            "CNCursesW", "CICU",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Top-level folders of user-facing files, bundled as resources.
        .target(name: "BundledThemes", path: "Themes", exclude: ["README.md"],
                resources: [.copy("dark.toml"), .copy("light.toml"), .copy("high-contrast.toml"),
                            .copy("monochrome.toml"), .copy("ascii.toml")]),
        .target(name: "BundledLocales", path: "Locales", exclude: ["README.md"],
                resources: [.copy("en.toml"), .copy("es.toml"), .copy("ar.toml"), .copy("he.toml"),
                            .copy("ja.toml")]),
        .target(name: "Dashboard", dependencies: [
            "LoyaltyCore", "LoyaltyStore", "TerminalUI", "BundledThemes", "BundledLocales",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(name: "loyalnest", dependencies: [
            "LoyaltyCore", "LoyaltyStore", "DemoData", "TerminalUI", "Dashboard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "LoyaltyCoreTests", dependencies: [
            "LoyaltyCore",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "LoyaltyStoreTests", dependencies: [
            "LoyaltyCore", "LoyaltyStore",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "CLITests", dependencies: ["loyalnest"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CNCursesW", "CCurl"]),
        .testTarget(name: "TerminalUITests", dependencies: [
            "TerminalUI",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "DashboardTests", dependencies: [
            "Dashboard", "TerminalUI", "LoyaltyStore", "LoyaltyCore", "DemoData",
        ], resources: [.copy("Golden")]),
    ],
    swiftLanguageModes: [.v6]
)
