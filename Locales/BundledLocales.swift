import Foundation

/// The locale files shipped with LoyalNest (this folder), as resources.
public enum BundledLocales {
    public static let codes = ["en", "es", "ar", "he", "ja"]
    public static func url(for code: String) -> URL? { Bundle.module.url(forResource: code, withExtension: "toml") }
}
