import ArgumentParser
import Foundation
import LRPlatforms

struct AutograderGradescope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradescope",
        abstract: "Write the autograder zip for Gradescope's \"Configure Autograder\".",
        discussion: """
        The zip holds setup.sh (run once by Gradescope, as root, on its Ubuntu 22.04 image: \
        installs Cairo, libdeflate, poppler, bubblewrap and Python's numpy, scikit-learn and \
        matplotlib), run_autograder (grades /autograder/submission, whatever the files' names, \
        and writes /autograder/results/results.json), and this lrgrade binary with the data, \
        the rubric and reference.json computed now. The binary must run on Ubuntu 22.04: \
        the Swift runtime linked in (make build does) and no glibc symbol newer than 2.35; \
        it is checked, and refused otherwise. The limits (--seconds, --memory, …) are those \
        each script gets on Gradescope.

        Documentation: docs/platforms.md
        """
    )

    @Option(help: ArgumentHelp("Where to write the zip.", valueName: "file"))
    var out = "autograder.zip"

    @OptionGroup var options: AutograderOptions

    func run() throws {
        let bundle = options.bundle()
        do { try bundle.writeZip(GradescopeAutograder.texts(options: options.limits.limitArguments), to: out) } catch { LRGrade.fail(error.description) }
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        print("Wrote \(out) (\(size >> 20) MiB): upload it in Gradescope's Configure Autograder, base image Ubuntu 22.04.")
    }
}
