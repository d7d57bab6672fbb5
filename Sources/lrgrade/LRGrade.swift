import ArgumentParser
import Foundation

@main
struct LRGrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lrgrade",
        abstract: "Solve, render and grade the logistic-regression-on-MNIST assignment.",
        discussion: "Exit status: 0 on success; 1 when a script did not finish (run) or a criterion did not pass (check); 2 on bad input (the error names the file and the problem). Documentation: README.md, and docs/ beside it, one page per concern.",
        subcommands: [Solve.self, Report.self, Run.self, Check.self, GradeClass.self, GradebookCommand.self, Autograder.self]
    )

    /// Bad input, in the arguments or in a file, ends the program with one line on standard
    /// error and status 2; help and version requests are not errors.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            if let exit = error as? ExitCode { Self.exit(withError: exit) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message)
        }
    }

    static func fail(_ message: String) -> Never {
        TemporaryFolders.removeAll()
        FileHandle.standardError.write(Data(("lrgrade: error: " + message + "\n").utf8))
        Foundation.exit(2)
    }
}
