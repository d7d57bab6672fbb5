import Foundation

/// Why a results file could not be written or read back.
public struct ReferenceFileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// A reference solution as a JSON file: the binary assignment's (`Reference`) or the
/// multiclass one's (`MulticlassReference`), told apart by their `schema`.
public protocol ReferenceDocument: Codable, Sendable {
    /// The `schema` value this kind of file carries.
    static var currentSchema: String { get }
    /// What the kind is called in an error that finds the other kind.
    static var kind: String { get }
    /// What makes the content unusable, with its key, or nil.
    var inconsistency: String? { get }
    /// The models' test metrics as a small text table, as `lrgrade solve` prints them.
    var summary: String { get }
}

/// The schemas lrgrade writes, for telling a file's kind before reading it whole.
public enum ReferenceSchema {
    /// The `schema` of the JSON at `path`, or nil if it has none or cannot be read.
    public static func of(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).flatMap(of)
    }

    /// The `schema` of a JSON text, or nil if it has none.
    static func of(_ data: Data) -> String? {
        struct Probe: Decodable { var schema: String? }
        return (try? JSONDecoder().decode(Probe.self, from: data))?.schema
    }

    /// The kind of reference a schema names, for errors.
    static func kind(of schema: String) -> String? {
        [Reference.self as any ReferenceDocument.Type, MulticlassReference.self].first { $0.currentSchema == schema }?.kind
    }
}

extension Reference: ReferenceDocument {
    public static var kind: String { "a two-digit reference" }
}

extension ReferenceDocument {
    private static var nonFinite: (positive: String, negative: String, nan: String) { ("Infinity", "-Infinity", "NaN") }

    /// The JSON text: keys sorted, two-space indentation, numbers in their shortest exact form.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: Self.nonFinite.positive, negativeInfinity: Self.nonFinite.negative, nan: Self.nonFinite.nan)
        return try encoder.encode(self)
    }

    /// Writes the JSON to `path` through a temporary file and a rename, so an existing file
    /// is replaced whole or not at all; creates the folder if needed.
    public func write(to path: String) throws(ReferenceFileError) {
        try Self.createFolder(for: path)
        do { try jsonData().write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw ReferenceFileError(file: path, reason: "cannot write: \(Self.reason(error))")
        }
    }

    /// Creates the folder that `path` is to be written in, with its parents, if needed.
    public static func createFolder(for path: String) throws(ReferenceFileError) {
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw ReferenceFileError(file: path, reason: "cannot write: \(reason(error))")
        }
    }

    /// Reads a results file written by `write(to:)` (or by hand, with the same keys).
    public init(contentsOf path: String) throws(ReferenceFileError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ReferenceFileError(file: path, reason: "cannot read: a folder, not a results file")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReferenceFileError(file: path, reason: "cannot read: \(Self.reason(error))")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: Self.nonFinite.positive, negativeInfinity: Self.nonFinite.negative, nan: Self.nonFinite.nan)
        do { self = try decoder.decode(Self.self, from: data) } catch {
            // Only a file that does not decode is read again, for the schema of the other kind.
            if let schema = ReferenceSchema.of(data), schema != Self.currentSchema, let other = ReferenceSchema.kind(of: schema) {
                throw ReferenceFileError(file: path, reason: "\(other) (schema \(schema)), expected \(Self.kind) (\(Self.currentSchema))")
            }
            throw ReferenceFileError(file: path, reason: "not a reference file: \(Self.reason(error))")
        }
        if let problem = inconsistency { throw ReferenceFileError(file: path, reason: problem) }
    }

    /// A one-line reason from Foundation's errors.
    private static func reason(_ error: Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .keyNotFound(let key, let context): return "missing key '\(Self.path(context.codingPath + [key]))'"
            case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at '\(Self.path(context.codingPath))'"
            case .dataCorrupted(let context): return context.codingPath.isEmpty ? "invalid JSON" : "invalid value at '\(Self.path(context.codingPath))'"
            @unknown default: return "invalid JSON"
            }
        }
        if let file = error as? CocoaError {
            switch file.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileWriteVolumeReadOnly: return "read-only file system"
            default: break
            }
        }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return (error as NSError).localizedDescription
    }

    static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

extension Reference {
    /// What makes the content unusable, with its key, or nil: the shapes the report and the
    /// grader rely on.
    public var inconsistency: String? {
        let features = 785, pixels = 784
        let gd = gradientDescent
        if dataset.digits.count != 2 { return "dataset.digits has \(dataset.digits.count) entries, expected 2" }
        if sklearn.weights.count != features { return "sklearn.weights has \(sklearn.weights.count) numbers, expected \(features) (bias first)" }
        if gd.weights.count != features { return "gradient_descent.weights has \(gd.weights.count) numbers, expected \(features) (bias first)" }
        if gd.epochs < 1 { return "gradient_descent.epochs is \(gd.epochs), expected at least 1" }
        if gd.trainLoss.count != gd.epochs { return "gradient_descent.train_loss has \(gd.trainLoss.count) values for \(gd.epochs) epochs" }
        if gd.testLoss.count != gd.epochs { return "gradient_descent.test_loss has \(gd.testLoss.count) values for \(gd.epochs) epochs" }
        if gd.checkpoints[String(gd.epochs)] == nil { return "gradient_descent.checkpoints has no entry \"\(gd.epochs)\" for the last epoch" }
        let evaluations = [("sklearn", sklearn.evaluation)] + gd.checkpoints.map { ("gradient_descent.checkpoints.\($0.key)", $0.value) }
        for (key, evaluation) in evaluations {
            if evaluation.confusion.count != 2 || evaluation.confusion.contains(where: { $0.count != 2 }) { return "\(key).confusion is not 2×2" }
            if evaluation.misclassifiedProbability.count != evaluation.misclassified.count {
                return "\(key).misclassified_probability has \(evaluation.misclassifiedProbability.count) values for \(evaluation.misclassified.count) images"
            }
            if evaluation.misclassifiedImages.count > evaluation.misclassified.count { return "\(key).misclassified_images has more images than misclassified" }
            if let bad = evaluation.misclassifiedImages.firstIndex(where: { $0.pixels.count != pixels }) {
                return "\(key).misclassified_images[\(bad)] has \(evaluation.misclassifiedImages[bad].pixels.count) pixels, expected \(pixels)"
            }
        }
        return nil
    }
}
