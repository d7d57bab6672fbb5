/// A grid of cells colored by value, each annotated with its count, with row and column
/// labels: a confusion matrix.
struct HeatMap {
    var values: [[Int]]
    var rowLabels: [String]
    var columnLabels: [String]
    var colorMap = ColorMap.blues

    /// Draws the grid in the square at (x, y) with side `size`; labels go outside it.
    func draw(on canvas: Canvas, x: Double, y: Double, size: Double, title: String, rowTitle: String, columnTitle: String, maximum: Int) {
        let rows = values.count, columns = values.first?.count ?? 0
        let cellWidth = size / Double(columns), cellHeight = size / Double(rows)
        // The counts as large as the cells allow (16 pt for 2×2; about 6 pt for 10×10).
        let digits = Double(String(values.flatMap { $0 }.max() ?? 0).count)
        let fontSize = min(16, cellHeight * 0.42, cellWidth / (0.62 * max(digits, 1)))
        for row in 0..<rows {
            for column in 0..<columns {
                let value = values[row][column]
                let color = colorMap.color(at: maximum > 0 ? Double(value) / Double(maximum) : 0)
                let cx = x + Double(column) * cellWidth, cy = y + Double(row) * cellHeight
                canvas.fillRectangle(cx, cy, cellWidth, cellHeight, color)
                canvas.setFont(size: fontSize, weight: .bold)
                canvas.text(String(value), x: cx + cellWidth / 2, y: cy + cellHeight / 2 + fontSize * 0.37, anchor: .center,
                            color: color.luminance < 0.5 ? .white : .text)
            }
        }
        canvas.strokeRectangle(x, y, size, size, .axis)
        canvas.setFont(size: 9)
        for (column, label) in columnLabels.enumerated() {
            canvas.text(label, x: x + (Double(column) + 0.5) * cellWidth, y: y + size + 13, anchor: .center)
        }
        for (row, label) in rowLabels.enumerated() {
            canvas.text(label, x: x - 6, y: y + (Double(row) + 0.5) * cellHeight + 3, anchor: .right)
        }
        canvas.text(columnTitle, x: x + size / 2, y: y + size + 28, anchor: .center)
        canvas.text(rowTitle, x: x - 44, y: y + size / 2, anchor: .center, rotated: true)
        canvas.setFont(size: 11, weight: .bold)
        canvas.text(title, x: x + size / 2, y: y - 10, anchor: .center)
    }
}

/// A vertical bar showing a color map from `lower` (bottom) to `upper` (top), with ticks.
struct ColorBar {
    var colorMap: ColorMap
    var ticks: Ticks

    func draw(on canvas: Canvas, x: Double, y: Double, width: Double, height: Double) {
        let steps = 128
        canvas.image(columns: 1, rows: steps, x: x, y: y, width: width, height: height) { row, _ in
            colorMap.color(at: 1 - (Double(row) + 0.5) / Double(steps))
        }
        canvas.strokeRectangle(x, y, width, height, .axis, lineWidth: 0.6)
        canvas.setFont(size: 7.5)
        for value in ticks.values where value >= ticks.lower && value <= ticks.upper {
            let py = y + height - (value - ticks.lower) / (ticks.upper - ticks.lower) * height
            canvas.strokeLine([(x + width, py), (x + width + 3, py)], .axis, lineWidth: 0.6)
            canvas.text(ticks.label(value, logarithmic: false), x: x + width + 5, y: py + 2.6)
        }
    }
}
