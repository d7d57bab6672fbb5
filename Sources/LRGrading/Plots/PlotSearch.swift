import LRRunner

/// What the plot criteria share.
enum PlotSearch {
    static let noFigures = "The script drew no matplotlib figure (none saved, shown or open at the end), so the plots cannot be checked."

    /// The 2-D images of `rows × columns` values in the figures, with their axes.
    static func images(in figures: [CapturedFigure], rows: Int, columns: Int) -> [(image: CapturedFigure.Image, axes: CapturedFigure.Axes)] {
        figures.flatMap(\.axes).flatMap { axes in axes.images.filter { $0.shape == [rows, columns] }.map { ($0, axes) } }
    }

    /// `values` (rows × columns, row by row) transposed.
    static func transposed(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        (0..<(rows * columns)).map { k in values[(k % rows) * columns + k / rows] }
    }
}
