import Foundation

/// Paths given on the command line, written into another command line that runs elsewhere
/// (a Slurm task started in another folder).
enum CommandLinePath {
    /// `path` from the current folder.
    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
