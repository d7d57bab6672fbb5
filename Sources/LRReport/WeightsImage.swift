/// A model's 784 pixel weights (the bias left out) as a 28×28 image on a diverging color
/// map symmetric around zero (blue negative, white zero, red positive), with its color bar.
struct WeightsImage {
    /// 785 weights, bias first.
    var weights: [Double]
    /// The largest |weight| the color scale shows (shared by the K images of one model);
    /// nil for the image's own.
    var limit: Double? = nil
    /// Whether the color bar is drawn beside the image.
    var colorBar = true

    /// The largest finite |weight| of the pixels of these models (bias left out), the
    /// scale's end: at least 1e−12, at most `Ticks.largest`.
    static func limit(_ models: [[Double]]) -> Double {
        min(max(models.flatMap { $0.dropFirst() }.filter(\.isFinite).map(abs).max() ?? 1, 1e-12), Ticks.largest)
    }

    /// Draws the image in the square at (x, y) with side `size`, its title above and its
    /// color bar to the right.
    func draw(on canvas: Canvas, x: Double, y: Double, size: Double, title: String, titleSize: Double = 11) {
        let pixels = Array(weights.dropFirst())
        canvas.setFont(size: titleSize, weight: .bold)
        canvas.text(title, x: x, y: y - 10)
        guard pixels.count == 784 else {
            canvas.setFont(size: 9)
            return canvas.text("(\(weights.count) values: not 785 weights)", x: x, y: y + 20, color: .axis)
        }
        // The scale is set by the finite weights; NaN is drawn white, ±∞ at the scale's ends.
        let limit = self.limit ?? Self.limit([weights])
        canvas.image(columns: 28, rows: 28, x: x, y: y, width: size, height: size) { row, column in
            ColorMap.blueWhiteRed.color(at: (pixels[row * 28 + column] / limit + 1) / 2)
        }
        canvas.strokeRectangle(x, y, size, size, .axis, lineWidth: 0.6)
        guard colorBar else { return }
        ColorBar(colorMap: .blueWhiteRed, ticks: Ticks.inside(-limit, limit))
            .draw(on: canvas, x: x + size + 8, y: y, width: 9, height: size)
    }
}
