/// Why a data set could not be read, with the file and the problem in words a person can act on.
///
/// `description` is one line, meant to be printed as is after `error:`.
public struct DatasetError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, in a form tests and callers can match on.
    public enum Problem: Equatable, Sendable {
        case missingFile
        case unreadable(String)
        case wrongMagic(expected: String)
        case truncated(expectedBytes: Int, actualBytes: Int)
        case trailingBytes(Int)
        case corruptCompression(String)
        case unexpectedShape(String)
        case countMismatch(images: Int, labels: Int)
        case missingKeys([String])
        case unsupportedArray(String)
        case labelOutOfRange(index: Int, value: Int)
        case invalidDigits(String)
        case noImages(digit: Int, split: String)
    }

    /// The file (or archive member) the problem is in; empty when it concerns no file.
    public var file: String
    public var problem: Problem

    public init(file: String, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        if case .invalidDigits = problem { return reason }
        return file.isEmpty ? reason : "\(file): \(reason)"
    }

    /// What is wrong, without the file.
    public var reason: String {
        let what: String
        switch problem {
        case .missingFile:
            what = "no such file"
        case .unreadable(let reason):
            what = "cannot be read: \(reason)"
        case .wrongMagic(let expected):
            what = "wrong magic number: expected \(expected)"
        case .truncated(let expected, let actual):
            what = "truncated: expected \(expected) bytes, found \(actual)"
        case .trailingBytes(let count):
            what = "\(count) unexpected bytes after the data"
        case .corruptCompression(let reason):
            what = "corrupt compressed data: \(reason)"
        case .unexpectedShape(let reason):
            what = "unexpected shape: \(reason)"
        case .countMismatch(let images, let labels):
            what = "count mismatch: \(images) images but \(labels) labels"
        case .missingKeys(let keys):
            what = "missing arrays \(keys.joined(separator: ", ")) (a Keras mnist.npz holds x_train, y_train, x_test, y_test)"
        case .unsupportedArray(let reason):
            what = "unsupported array: \(reason)"
        case .labelOutOfRange(let index, let value):
            what = "label \(value) at position \(index) is not a digit 0-9"
        case .invalidDigits(let reason):
            what = "invalid digits: \(reason)"
        case .noImages(let digit, let split):
            what = "no \(split) images of digit \(digit)"
        }
        return what
    }
}
