import Testing
import LRData
@testable import LRNumerics

/// The layout of `SparsePixels`: its invariants, on the bundled 0/1 test set.
@Suite("Sparse pixels")
struct SparsePixelsTests {
    @Test("rows and columns are stored by their number of nonzeros within each piece, and hold the images' pixels")
    func layout() throws {
        let images = try Samples.bundled.test.selecting(.zeroOne, split: "test")
        let pixels = SparsePixels(images, pieceCount: 16, byColumn: true), size = SparsePixels.pixelCount
        #expect(pixels.pieces.count == 16 && pixels.pieces.first?.lowerBound == 0 && pixels.pieces.last?.upperBound == images.count)
        for (p, piece) in pixels.pieces.enumerated() {
            #expect(pixels.rowInPiece[piece].sorted() == Array(0..<piece.count), "piece \(p): a permutation of its rows")
            let rowLengths = piece.map { pixels.rowStart[$0 + 1] - pixels.rowStart[$0] }
            #expect(rowLengths == rowLengths.sorted(), "piece \(p): rows by their number of nonzeros")
            var byColumn = [[(row: Int, value: UInt8)]](repeating: [], count: size)
            for slot in piece {
                let local = pixels.rowInPiece[slot], image = Array(images.image(piece.lowerBound + local))
                let nonzero = image.indices.filter { image[$0] != 0 }
                let stored = pixels.rowStart[slot]..<pixels.rowStart[slot + 1]
                #expect(stored.map { Int(pixels.columns[$0]) } == nonzero && stored.map { pixels.values[$0] } == nonzero.map { image[$0] })
                for j in nonzero { byColumn[j].append((local, image[j])) }
            }
            let columns = pixels.columnInSlot[(p * size)..<((p + 1) * size)]
            #expect(columns.sorted() == Array(0..<size), "piece \(p): a permutation of the columns")
            let base = p * (size + 1)
            let columnLengths = (0..<size).map { pixels.columnStart[base + $0 + 1] - pixels.columnStart[base + $0] }
            #expect(columnLengths == columnLengths.sorted(), "piece \(p): columns by their number of nonzeros")
            for (slot, column) in columns.enumerated() {
                let stored = pixels.columnStart[base + slot]..<pixels.columnStart[base + slot + 1]
                let rows = byColumn[column].map(\.row)
                #expect(stored.map { Int(pixels.rowsByColumn[$0]) } == rows.sorted(), "piece \(p), column \(column)")
                #expect(stored.map { pixels.valuesByColumn[$0] } == byColumn[column].sorted { $0.row < $1.row }.map(\.value))
            }
        }
    }

    @Test("without the column-sorted copy the rows are the same and the column arrays empty")
    func rowsOnly() throws {
        let images = try Samples.bundled.test.selecting(.zeroOne, split: "test")
        let full = SparsePixels(images, pieceCount: 16, byColumn: true), rows = SparsePixels(images, pieceCount: 16, byColumn: false)
        #expect(full.hasColumns && !rows.hasColumns)
        #expect(rows.rowStart == full.rowStart && rows.rowInPiece == full.rowInPiece && rows.pieces == full.pieces)
        #expect(rows.columns == full.columns && rows.values == full.values)
        #expect(rows.columnStart.isEmpty && rows.columnInSlot.isEmpty && rows.rowsByColumn.isEmpty && rows.valuesByColumn.isEmpty)
    }
}
