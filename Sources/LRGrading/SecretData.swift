import Foundation
import LRData
import LRRunner

/// The data the scripts' `load_data()` serves when hard-coded results must fail: MNIST with
/// a few training images of the graded digit pair changed, chosen by a seed that no script
/// sees.
///
/// `changedImages` images get `invertedPixels` of their pixels inverted (v → 255 − v). The
/// shapes, the counts and the test set stay as they are, and so does the baseline's test
/// accuracy on 0/1 (0.99953), so nothing a student relies on changes; but every loss,
/// weight and log loss does: on 0/1 the baseline's log loss moves by about 0.7 % (2.6e−5,
/// far beyond the rubric's 1e−6) and gradient descent's final test loss by about 0.9 %. A
/// script that prints or stores numbers computed on the published data then matches
/// nothing the grader computes on what the script was given.
public struct SecretData: Sendable {
    public static let changedImages = 20
    public static let invertedPixels = 40

    /// The folder with the four IDX files, for `ScriptRunner.mnistFolder`.
    public let folder: String
    /// The same data, loaded for the digit pair only, for the reference and the replays.
    public let data: MNISTDataset

    /// Writes the variant of `original` (all ten digits, as the scripts load them) that `seed`
    /// picks into `folder` (created, private to the grader but readable by the scripts'
    /// users), and loads the pair's images back.
    public init(varying original: MNISTDataset, digits: DigitPair, seed: UInt64, into folder: String) throws(GradingError) {
        var random = SplitMix64(seed: seed)
        let candidates = original.train.labels.indices.filter { digits.contains(Int(original.train.labels[$0])) }
        guard candidates.count >= Self.changedImages else {
            throw GradingError(file: original.source, reason: "too few training images of digits \(digits.first) and \(digits.second) to vary")
        }
        // Each changed image, by its position; the other 60,000 are written as they are.
        var changed: [Int: [UInt8]] = [:]
        for image in random.sample(candidates, count: Self.changedImages) {
            var pixels = Array(original.train.image(image))
            for pixel in random.sample(Array(0..<LabeledImages.pixelCount), count: Self.invertedPixels) { pixels[pixel] = 255 - pixels[pixel] }
            changed[image] = pixels
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            let names = MNISTDataset.idxFileNames
            try Self.writeImages(folder + "/" + names[0], original.train, changed: changed)
            try Self.writeIDX(folder + "/" + names[1], [original.train.labels[...]], shape: [original.train.count])
            try Self.writeImages(folder + "/" + names[2], original.test, changed: [:])
            try Self.writeIDX(folder + "/" + names[3], [original.test.labels[...]], shape: [original.test.count])
            data = try MNISTDataset(contentsOf: folder, digits: digits)
        } catch let error as GradingError { throw error } catch {
            throw GradingError(file: folder, reason: "cannot write the secret variant of the data: \(error)")
        }
        self.folder = folder
    }

    /// The images as an IDX file, `changed` ones replaced: runs of unchanged images are
    /// written straight from the loaded data, never copied whole.
    private static func writeImages(_ path: String, _ images: LabeledImages, changed: [Int: [UInt8]]) throws(GradingError) {
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        for index in changed.keys.sorted() {
            let base = images.pixels.startIndex
            pieces.append(images.pixels[(base + start * LabeledImages.pixelCount)..<(base + index * LabeledImages.pixelCount)])
            pieces.append(changed[index]![...])
            start = index + 1
        }
        pieces.append(images.pixels[(images.pixels.startIndex + start * LabeledImages.pixelCount)...])
        try writeIDX(path, pieces, shape: [images.count, LabeledImages.side, LabeledImages.side])
    }

    /// An IDX file of unsigned bytes: magic 0x0000080N, N big-endian dimensions, the values.
    private static func writeIDX(_ path: String, _ pieces: [ArraySlice<UInt8>], shape: [Int]) throws(GradingError) {
        var header: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
        for dimension in shape { header += withUnsafeBytes(of: UInt32(dimension).bigEndian, Array.init) }
        do { try UntrustedFile.create(path, pieces: [header[...]] + pieces) } catch { throw GradingError(file: path, reason: error.reason) }
    }

    /// The file in a results folder that holds the batch's seed.
    public static let seedFileName = ".lrgrade-secret"

    /// The batch's seed, kept in `<out>/.lrgrade-secret` (readable by the grader alone; no
    /// script sees the results folder), so that a batch graded again, or resumed, serves the
    /// same variant and keeps its stored grades. Shards starting at once on several machines
    /// agree on one seed: it is written whole beside the file and linked into place, and the
    /// shard that loses the race reads the winner's.
    public static func seed(for out: String) throws(GradingError) -> UInt64 {
        let path = out + "/" + seedFileName
        func stored() -> UInt64? {
            (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16) }
        }
        if let seed = stored() { return seed }
        let seed = UInt64.random(in: 0...UInt64.max)
        let temporary = path + ".\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(String(seed, radix: 16).utf8), attributes: [.posixPermissions: 0o600]) else {
                throw GradingError(file: path, reason: "cannot write the batch's secret seed")
            }
        } catch let error as GradingError { throw error } catch {
            throw GradingError(file: out, reason: "cannot create the results folder: \((error as NSError).localizedDescription)")
        }
        defer { unlink(temporary) }
        if link(temporary, path) == 0 { return seed }
        guard errno == EEXIST, let winner = stored() else { throw GradingError(file: path, reason: "cannot write the batch's secret seed: \(String(cString: strerror(errno)))") }
        return winner
    }
}

/// A small deterministic generator (Steele, Lea and Flood's SplitMix64): the same seed picks
/// the same images and pixels on every machine.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` distinct elements of `elements`, in the order drawn (a partial Fisher–Yates).
    mutating func sample<T>(_ elements: [T], count: Int) -> [T] {
        var pool = elements
        for index in 0..<count { pool.swapAt(index, index + Int(next() % UInt64(pool.count - index))) }
        return Array(pool.prefix(count))
    }
}
