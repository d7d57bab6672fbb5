/// The images of the chosen digits with their class labels, as the assignment's filtered
/// `X_train` / `y_train`: raw pixels, before the division by 255. A pair's are labelled 0
/// (first digit) and 1 (second digit); K digits' are labelled 0…K−1 in the order given.
///
/// A view: it keeps the full split's pixels and the positions of the selected images.
public struct SelectedImages: Sendable {
    public let count: Int
    /// The class of each image: 0 or 1 for a pair, 0…K−1 for K digits.
    public let targets: [UInt8]
    /// Where each image stands in the `LabeledImages` it was selected from.
    public let sourceIndices: [Int]
    private let source: ArraySlice<UInt8>

    init(source: ArraySlice<UInt8>, sourceIndices: [Int], targets: [UInt8]) {
        precondition(sourceIndices.count == targets.count, "indices and targets disagree")
        self.count = targets.count
        self.targets = targets
        self.sourceIndices = sourceIndices
        self.source = source
    }

    /// The pixels of image `index`.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        let start = source.startIndex + sourceIndices[index] * LabeledImages.pixelCount
        return source[start..<(start + LabeledImages.pixelCount)]
    }

    /// Calls `body` with a function from an image's position to its 784 pixels in memory.
    public func withImagePointers<R>(_ body: ((Int) -> UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try source.withUnsafeBufferPointer { pixels in
            try body { pixels.baseAddress! + sourceIndices[$0] * LabeledImages.pixelCount }
        }
    }
}
