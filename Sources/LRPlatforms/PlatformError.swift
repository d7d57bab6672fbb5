/// Why an autograder could not be built or a platform's submission not graded, with the
/// file at fault.
public struct PlatformError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
    public var description: String { "\(file): \(reason)" }
}
