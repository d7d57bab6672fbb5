/// An sRGB color with components in 0…1.
public struct Color: Equatable, Sendable {
    public var red: Double, green: Double, blue: Double

    /// Components outside 0…1 are clamped and NaN is 0: colors are computed from students'
    /// values (a NaN pixel is drawn black, never trapped on when it is converted to bytes).
    public init(_ red: Double, _ green: Double, _ blue: Double) {
        func unit(_ value: Double) -> Double { value.isNaN ? 0 : min(max(value, 0), 1) }
        (self.red, self.green, self.blue) = (unit(red), unit(green), unit(blue))
    }

    /// From 0xRRGGBB.
    public init(hex: UInt32) {
        self.init(Double(hex >> 16 & 0xFF) / 255, Double(hex >> 8 & 0xFF) / 255, Double(hex & 0xFF) / 255)
    }

    public static let black = Color(0, 0, 0), white = Color(1, 1, 1)
    public static let text = Color(hex: 0x222222), grid = Color(hex: 0xDDDDDD), axis = Color(hex: 0x555555)
    /// The two series colors (matplotlib's first two).
    public static let blue = Color(hex: 0x1F77B4), orange = Color(hex: 0xFF7F0E)
    /// Ten series colors, for one line per class (matplotlib's "tab10").
    public static let series = [0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF].map(Color.init(hex:))

    /// Relative luminance, to choose black or white text over a cell.
    public var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }

    func mixed(with other: Color, _ t: Double) -> Color {
        Color(red + (other.red - red) * t, green + (other.green - green) * t, blue + (other.blue - blue) * t)
    }
}

/// A map from 0…1 to colors, piecewise linear between evenly spaced anchors.
public struct ColorMap: Sendable {
    public let anchors: [Color]

    public func color(at t: Double) -> Color {
        let x = min(max(t.isNaN ? 0.5 : t, 0), 1) * Double(anchors.count - 1)
        let i = min(Int(x), anchors.count - 2)
        return anchors[i].mixed(with: anchors[i + 1], x - Double(i))
    }

    /// Sequential white-to-blue, for counts (matplotlib's "Blues").
    public static let blues = ColorMap(anchors: [0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B].map(Color.init(hex:)))
    /// Diverging blue-white-red, for signed weights centred on zero (matplotlib's "RdBu_r").
    public static let blueWhiteRed = ColorMap(anchors: [0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B, 0x67001F].map(Color.init(hex:)))
    /// Black to white, for the digit images (as `imshow(cmap="gray")`).
    public static let gray = ColorMap(anchors: [.black, .white])
}
