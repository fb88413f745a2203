import Foundation

/// The theme files shipped with LoyalNest (this folder), as resources.
public enum BundledThemes {
    public static let names = ["dark", "light", "high-contrast", "monochrome", "ascii"]
    public static func url(named name: String) -> URL? { Bundle.module.url(forResource: name, withExtension: "toml") }
}
