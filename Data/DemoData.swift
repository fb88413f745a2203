import Foundation

/// The files that define the built-in demo store, shipped as resources of this target.
public enum DemoData {
    public static var definitionURL: URL? { Bundle.module.url(forResource: "demo-store", withExtension: "json") }
}
