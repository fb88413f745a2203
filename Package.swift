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
        .package(url: "https://github.com/swhitty/FlyingFox.git", exact: "0.27.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
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
        // The Shopify wire: HTTP over libcurl, Admin API requests and payloads, pacing, retries. No store.
        .target(name: "ShopifyClient", dependencies: [
            "LoyaltyCore", "CCurl",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The sync engine and the webhook receiver: ShopifyClient's results written through LoyaltyStore.
        .target(name: "ShopifyKit", dependencies: [
            "LoyaltyCore", "LoyaltyStore", "ShopifyClient",
            .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "FlyingSocks", package: "FlyingFox"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // A loopback Shopify that speaks the real wire format, with fault injection.
        .target(name: "ShopifySimulator", dependencies: [
            .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "FlyingSocks", package: "FlyingFox"),
            .product(name: "Crypto", package: "swift-crypto"),
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
            "LoyaltyCore", "LoyaltyStore", "TerminalUI", "BundledThemes", "BundledLocales", "ShopifyKit", "ShopifyClient",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(name: "loyalnest", dependencies: [
            "LoyaltyCore", "LoyaltyStore", "DemoData", "TerminalUI", "Dashboard",
            "ShopifyClient", "ShopifyKit", "ShopifySimulator",
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
        .testTarget(name: "ShopifyClientTests", dependencies: [
            "ShopifyClient", "LoyaltyCore",
            .product(name: "FlyingFox", package: "FlyingFox"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "ShopifySimulatorTests", dependencies: ["ShopifySimulator"]),
        .testTarget(name: "ShopifyKitTests", dependencies: [
            "ShopifyKit", "ShopifyClient", "ShopifySimulator", "LoyaltyStore", "LoyaltyCore",
            .product(name: "GRDB", package: "GRDB.swift"),
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
