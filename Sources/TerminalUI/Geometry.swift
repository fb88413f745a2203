/// Positions and sizes in terminal cells. Origin is the top-left cell.
public struct Point: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
}

/// A rectangle in *logical* coordinates: `x` counts from the leading edge (left in LTR, right in RTL).
/// `CellBuffer` turns logical rectangles into physical ones, which is how every layout mirrors in RTL.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y
        self.width = max(0, width); self.height = max(0, height)
    }

    public init(size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    public func contains(_ p: Point) -> Bool { p.x >= x && p.x < maxX && p.y >= y && p.y < maxY }

    /// Shrinks every side by `n` cells (or by the given amounts).
    public func inset(_ n: Int) -> Rect { inset(top: n, leading: n, bottom: n, trailing: n) }
    public func inset(top: Int = 0, leading: Int = 0, bottom: Int = 0, trailing: Int = 0) -> Rect {
        Rect(x: x + leading, y: y + top, width: width - leading - trailing, height: height - top - bottom)
    }

    /// The top `n` rows, and the rest.
    public func splitTop(_ n: Int) -> (Rect, Rect) {
        let h = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: h), Rect(x: x, y: y + h, width: width, height: height - h))
    }
    /// The bottom `n` rows, and the rest (rest first).
    public func splitBottom(_ n: Int) -> (Rect, Rect) {
        let h = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: height - h), Rect(x: x, y: maxY - h, width: width, height: h))
    }
    /// The leading `n` columns, and the rest.
    public func splitLeading(_ n: Int) -> (Rect, Rect) {
        let w = min(max(0, n), width)
        return (Rect(x: x, y: y, width: w, height: height), Rect(x: x + w, y: y, width: width - w, height: height))
    }
    /// Splits into `count` columns of (nearly) equal width separated by `gap` cells.
    public func columns(_ count: Int, gap: Int = 1) -> [Rect] {
        guard count > 0 else { return [] }
        let usable = max(0, width - gap * (count - 1))
        var result: [Rect] = []
        var cx = x
        for i in 0..<count {
            let w = usable / count + (i < usable % count ? 1 : 0)
            result.append(Rect(x: cx, y: y, width: w, height: height))
            cx += w + gap
        }
        return result
    }
    /// Splits into `count` rows of (nearly) equal height.
    public func rows(_ count: Int, gap: Int = 0) -> [Rect] {
        guard count > 0 else { return [] }
        let usable = max(0, height - gap * (count - 1))
        var result: [Rect] = []
        var cy = y
        for i in 0..<count {
            let h = usable / count + (i < usable % count ? 1 : 0)
            result.append(Rect(x: x, y: cy, width: width, height: h))
            cy += h + gap
        }
        return result
    }
}

/// Which way the layout and the text of a locale run.
public enum LayoutDirection: String, Sendable, Hashable {
    case leftToRight, rightToLeft
}

public enum Alignment: Sendable, Hashable {
    case leading, center, trailing
}
