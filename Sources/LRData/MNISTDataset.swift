/// The MNIST training and test sets, read from the four IDX files (raw or gzipped) of the
/// original distribution or from a Keras `mnist.npz`.
public struct MNISTDataset: Sendable {
    public let train: LabeledImages
    public let test: LabeledImages
    /// Where the data came from, as given.
    public let source: String

    /// The IDX file names of the original distribution, in the order train images, train
    /// labels, test images, test labels; each may also end in `.gz`.
    public static let idxFileNames = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// True when `folder` holds the four IDX files, raw or gzipped.
    public static func holdsIDXFiles(_ folder: String) -> Bool {
        idxFileNames.allSatisfy { FileBytes.exists("\(folder)/\($0)") || FileBytes.exists("\(folder)/\($0).gz") }
    }

    /// Reads a folder of IDX files or an `.npz` archive; with `digits`, keeps only the
    /// images of those two digits (all a model of the pair needs). From blocked gzip files
    /// the other images are decoded, and checked, but never stored: loading then takes 45 MB
    /// less memory, and a tenth less time.
    public init(contentsOf path: String, digits: DigitPair? = nil) throws(DatasetError) {
        try self.init(contentsOf: path, keeping: digits.map { [$0.first, $0.second] })
    }

    /// Reads a folder of IDX files or an `.npz` archive, keeping only the images of the
    /// digits `selection` names (all of them for 0-9).
    public init(contentsOf path: String, selection: DigitSelection) throws(DatasetError) {
        try self.init(contentsOf: path, keeping: selection.digits.count == 10 ? nil : selection.digits)
    }

    private init(contentsOf path: String, keeping digits: [Int]?) throws(DatasetError) {
        if FileBytes.isDirectory(path) {
            try self.init(idxFolder: path, digits: digits)
        } else if FileBytes.exists(path) {
            try self.init(npz: path, digits: digits)
        } else {
            throw DatasetError(file: path, .missingFile)
        }
    }

    private init(idxFolder folder: String, digits: [Int]?) throws(DatasetError) {
        let paths = try Self.idxFileNames.map { name throws(DatasetError) in
            let plain = "\(folder)/\(name)"
            if FileBytes.exists(plain) { return plain }
            if FileBytes.exists(plain + ".gz") { return plain + ".gz" }
            throw DatasetError(file: plain + ".gz", .missingFile)
        }
        let files = paths.map { path in Result { () throws(DatasetError) in try OpenFile(path) } }
        // The labels first (a few kilobytes): they say which images to keep.
        let labelFiles = Deflate.gunzipWhereCompressed([files[1], files[3]], keeping: [nil, nil])
        let labels = labelFiles.indices.map { index in
            Result { () throws(DatasetError) in try Array(IDXFile(labelFiles[index].get(), dimensions: 1, file: paths[2 * index + 1]).values) }
        }
        let kept = labels.map { labels -> [Range<Int>]? in
            guard let digits, let labels = try? labels.get() else { return nil }
            let header = 16, size = LabeledImages.pixelCount
            return [0..<header] + labels.indices.filter { digits.contains(Int(labels[$0])) }.map { header + $0 * size..<header + ($0 + 1) * size }
        }
        // Decompression dominates loading: both image files at once, blocked ones on all cores.
        let imageFiles = Deflate.gunzipWhereCompressed([files[0], files[2]], keeping: kept)
        func split(_ index: Int) throws(DatasetError) -> LabeledImages {
            let (imageFile, labelFile) = (paths[2 * index], paths[2 * index + 1])
            let images = try IDXFile(imageFiles[index].get(), dimensions: 3, file: imageFile), labels = try labels[index].get()
            guard images.shape[1] == LabeledImages.side, images.shape[2] == LabeledImages.side else {
                throw DatasetError(file: imageFile, .unexpectedShape("images are \(images.shape[1])×\(images.shape[2]), expected 28×28"))
            }
            return try LabeledImages(pixels: images.values, labels: labels, imageFile: imageFile, labelFile: labelFile,
                                     imageCount: images.shape[0], selected: kept[index] == nil ? nil : digits)
        }
        self.train = try split(0)
        self.test = try split(1)
        self.source = folder
    }

    private init(npz path: String, digits: [Int]?) throws(DatasetError) {
        let archive = try ZipArchive(bytes: FileBytes.read(path), file: path)
        let keys = ["x_train", "y_train", "x_test", "y_test"]
        var arrays: [String: NPYArray] = [:]
        for key in keys {
            if let member = try archive.member(key + ".npy") {
                arrays[key] = try NPYArray(bytes: member, file: "\(path) (\(key))")
            }
        }
        let missing = keys.filter { arrays[$0] == nil }
        guard missing.isEmpty else { throw DatasetError(file: path, .missingKeys(missing)) }
        func split(_ imageKey: String, _ labelKey: String) throws(DatasetError) -> LabeledImages {
            let images = arrays[imageKey]!, labels = arrays[labelKey]!
            let imageFile = "\(path) (\(imageKey))", labelFile = "\(path) (\(labelKey))"
            guard images.shape.count == 3, images.shape[1] == LabeledImages.side, images.shape[2] == LabeledImages.side else {
                throw DatasetError(file: imageFile, .unexpectedShape("\(images.shape), expected (n, 28, 28)"))
            }
            guard let pixels = images.unsignedBytes else {
                throw DatasetError(file: imageFile, .unsupportedArray("images must be uint8, as Keras stores them"))
            }
            guard labels.shape.count == 1 else {
                throw DatasetError(file: labelFile, .unexpectedShape("\(labels.shape), expected (n,)"))
            }
            var digits = [UInt8](repeating: 0, count: labels.shape[0])
            for index in digits.indices {
                let value = labels.integer(at: index)
                guard (0...9).contains(value) else { throw DatasetError(file: labelFile, .labelOutOfRange(index: index, value: value)) }
                digits[index] = UInt8(value)
            }
            return try LabeledImages(pixels: pixels, labels: digits, imageFile: imageFile, labelFile: labelFile, imageCount: images.shape[0])
        }
        let train = try split("x_train", "y_train"), test = try split("x_test", "y_test")
        self.train = digits.map { train.keeping($0) } ?? train
        self.test = digits.map { test.keeping($0) } ?? test
        self.source = path
    }
}
