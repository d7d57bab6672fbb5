/// MNIST images with their digit labels: `count` row-major 28×28 images of unsigned bytes.
public struct LabeledImages: Sendable {
    public static let side = 28
    public static let pixelCount = side * side

    public let count: Int
    /// `count × 784` pixel values, image after image.
    public let pixels: ArraySlice<UInt8>
    /// One digit 0-9 per image.
    public let labels: [UInt8]

    /// Checks that the shapes agree and that every label is a digit. With `digits`, `pixels`
    /// holds only the images of those digits, in order (as `MNISTDataset` decodes them when
    /// asked for some digits), and only their labels are kept.
    init(pixels: ArraySlice<UInt8>, labels: [UInt8], imageFile: String, labelFile: String, imageCount: Int,
         selected digits: [Int]? = nil) throws(DatasetError) {
        guard imageCount == labels.count else {
            throw DatasetError(file: labelFile, .countMismatch(images: imageCount, labels: labels.count))
        }
        if let bad = labels.firstIndex(where: { $0 > 9 }) {
            throw DatasetError(file: labelFile, .labelOutOfRange(index: bad, value: Int(labels[bad])))
        }
        let kept = digits.map { digits in labels.filter { digits.contains(Int($0)) } } ?? labels
        precondition(pixels.count == kept.count * Self.pixelCount, "one image per label kept")
        self.count = kept.count
        self.pixels = pixels
        self.labels = kept
    }

    private init(count: Int, pixels: ArraySlice<UInt8>, labels: [UInt8]) {
        self.count = count
        self.pixels = pixels
        self.labels = labels
    }

    /// Only the images of `digits`, in order: a copy of their pixels.
    func keeping(_ digits: [Int]) -> LabeledImages {
        let kept = labels.indices.filter { digits.contains(Int(labels[$0])) }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(kept.count * Self.pixelCount)
        for index in kept { pixels += image(index) }
        return LabeledImages(count: kept.count, pixels: pixels[...], labels: kept.map { labels[$0] })
    }

    /// The pixels of image `index`.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        let start = pixels.startIndex + index * Self.pixelCount
        return pixels[start..<(start + Self.pixelCount)]
    }

    /// The images of the two digits of `pair`, in their original order, labelled 0 for the
    /// first digit and 1 for the second; `split` names the set in errors ("training", "test").
    public func selecting(_ pair: DigitPair, split: String) throws(DatasetError) -> SelectedImages {
        var indices: [Int] = []
        var seen = (first: false, second: false)
        for (index, label) in labels.enumerated() {
            if Int(label) == pair.first { indices.append(index); seen.first = true }
            if Int(label) == pair.second { indices.append(index); seen.second = true }
        }
        if !seen.first { throw DatasetError(file: "", .noImages(digit: pair.first, split: split)) }
        if !seen.second { throw DatasetError(file: "", .noImages(digit: pair.second, split: split)) }
        return SelectedImages(source: pixels, sourceIndices: indices, targets: indices.map { UInt8(Int(labels[$0]) == pair.second ? 1 : 0) })
    }

    /// The images of the digits of `classes`, in their original order, labelled by their
    /// digit's class; `split` names the set in errors ("training", "test").
    public func selecting(_ classes: DigitClasses, split: String) throws(DatasetError) -> SelectedImages {
        var labelOfDigit = [Int](repeating: -1, count: 10)
        for (k, digit) in classes.digits.enumerated() { labelOfDigit[digit] = k }
        let indices = labels.indices.filter { labelOfDigit[Int(labels[$0])] >= 0 }
        let targets = indices.map { UInt8(labelOfDigit[Int(labels[$0])]) }
        var seen = [Bool](repeating: false, count: classes.count)
        for target in targets { seen[Int(target)] = true }
        if let missing = seen.firstIndex(of: false) { throw DatasetError(file: "", .noImages(digit: classes.digits[missing], split: split)) }
        return SelectedImages(source: pixels, sourceIndices: indices, targets: targets)
    }
}
