import ArgumentParser
import Foundation
import LRExports
import LRGrading
import LRRunner

/// How a class's submissions are read (an LMS's export, its zip or folder, or a plain
/// folder), and the files given back to the LMS: for `grade`, and for `gradebook` when it
/// merges the shards of a class.
struct ExportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read the submissions as this layout instead of detecting it: \(ExportLayout.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "layout"))
    var lms: ExportLayout?

    @Option(help: ArgumentHelp("When the work was due (\"2026-11-22T23:59\", with \"-08:00\" or \"Z\" when the export's times carry a zone): Blackboard's and Gradescope's submission times after it are late, by the days begun since.", valueName: "time"))
    var due: String?

    @Flag(help: "The export is by team (Moodle's team submissions): one grade per group, and no import file or feedback bundle, which Moodle matches to participants.")
    var teams = false

    @Option(help: ArgumentHelp("The assignment as the LMS names it, with its id in parentheses when it has one (\"HW3 (4242)\"): the column of the LMS's import file.", valueName: "title"))
    var lmsAssignment = "Logistic regression"

    /// The options as they were given, for another lrgrade command line (a shard's, the merge's).
    var arguments: [String] {
        (lms.map { ["--lms", $0.rawValue] } ?? []) + (due.map { ["--due", $0] } ?? []) + (teams ? ["--teams"] : []) + ["--lms-assignment", lmsAssignment]
    }

    /// `--due` as a time, or one line and exit 2.
    var dueDate: Date? {
        due.map { text in
            guard let date = ExportTime.date(text) else { LRGrade.fail("--due: \"\(text)\" is not a time; give it as 2026-11-22T23:59, with an offset (-08:00, Z) if the export's times have one") }
            return date
        }
    }

    /// The class in `submissions`: an export's zip is unpacked into a folder of
    /// `TemporaryFolders`, for the caller to remove. Bad input: one line and exit 2.
    func read(_ submissions: String) -> ClassExport {
        let due = dueDate
        var source = submissions
        if case .regular = UntrustedFile.kind(atPath: submissions) {
            do {
                source = try ExportArchive.unpack(submissions, into: { bytes in
                    // In memory when it fits in a quarter of what is free there: creating
                    // thousands of files costs about a millisecond each on a virtual disk.
                    var memory = statvfs()
                    let free = statvfs("/dev/shm", &memory) == 0 ? Int(memory.f_bavail) * Int(memory.f_frsize) : 0
                    let root = bytes < free / 4 && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : FileManager.default.temporaryDirectory.path
                    let unpacked = root + "/lrgrade-export-\(UUID().uuidString)"
                    TemporaryFolders.add(unpacked)
                    return unpacked
                })
            } catch { LRGrade.fail(error.description) }
        }
        do { return try ClassExport(reading: source, layout: lms, due: due, teams: teams) } catch { LRGrade.fail(error.description) }
    }

    /// The LMS's import file and the feedback PDFs named for its bulk upload (when the class
    /// came from an LMS's export), for `grades`, into `out`: the names written, and what
    /// could not be.
    func writeLMSFiles(for export: ClassExport, grades: [Grade], in out: String) -> (names: [String], problems: [String]) {
        var names: [String] = [], problems: [String] = []
        if let file = ImportFile.file(for: export, grades: grades, assignment: Self.assignment(lmsAssignment)) {
            do {
                try Data(file.csv.utf8).write(to: URL(fileURLWithPath: out + "/" + file.name), options: .atomic)
                names.append(file.name)
            } catch {
                problems.append("\(out)/\(file.name): cannot write: \((error as NSError).localizedDescription)")
            }
        }
        do {
            if try FeedbackBundle.write(for: export, grades: grades, in: out) != nil { names.append(FeedbackBundle.fileName) }
        } catch { problems.append(error.description) }
        return (names, problems)
    }

    /// "HW3 (4242)" as a name and an id; a title without a trailing "(digits)" has no id.
    static func assignment(_ title: String) -> ImportFile.Assignment {
        if let match = title.wholeMatch(of: /(?<name>.*\S)\s*\((?<id>\d+)\)/) { return ImportFile.Assignment(name: String(match.name), id: String(match.id)) }
        return ImportFile.Assignment(name: title)
    }
}

extension ExportLayout: ExpressibleByArgument {}
