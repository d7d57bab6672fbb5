import Foundation

// The pieces every report's pages share: the title block, titled paragraphs, a digit's image.
extension Canvas {
    /// The title, the subtitle and a gray line under them, at the top of a first page.
    func titleBlock(_ title: String, subtitle: String, note: String, margin: Double) {
        setFont(size: 20, weight: .bold)
        text(title, x: margin, y: margin + 16)
        setFont(size: 14)
        text(subtitle, x: margin, y: margin + 38)
        setFont(size: 9)
        text(note, x: margin, y: margin + 56, color: .axis)
    }

    /// Titled paragraphs one under the other from `y`; returns the y below the last.
    func sections(_ sections: [(title: String, text: String)], x: Double, y: Double, width: Double) -> Double {
        var y = y
        for (title, body) in sections {
            setFont(size: 11, weight: .bold)
            text(title, x: x, y: y)
            setFont(size: 9.5)
            y = paragraph(body, x: x, y: y + 15, width: width, leading: 13) + 10
        }
        return y
    }

    /// A 28×28 MNIST image (pixel values 0–255) in gray, in the square at (x, y).
    func digit(_ pixels: [UInt8], x: Double, y: Double, size: Double) {
        image(columns: 28, rows: 28, x: x, y: y, width: size, height: size) { row, column in
            ColorMap.gray.color(at: Double(pixels[row * 28 + column]) / 255)
        }
    }
}

extension Int {
    /// The number with a comma between thousands: 60,000.
    var grouped: String {
        let digits = String(self)
        return digits.count <= 3 ? digits : String(digits.dropLast(3)) + "," + digits.suffix(3)
    }
}
