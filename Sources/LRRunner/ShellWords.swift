/// Command lines written for a shell to run (an autograder's entrypoint, a Slurm batch
/// script): every argument in single quotes, so that no character of a path or an option
/// is interpreted.
public enum ShellWords {
    /// `argument` in single quotes, its own single quotes written as `'\''`.
    public static func quoted(_ argument: String) -> String {
        "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The arguments quoted and joined by spaces.
    public static func line(_ arguments: [String]) -> String { arguments.map(quoted).joined(separator: " ") }
}
