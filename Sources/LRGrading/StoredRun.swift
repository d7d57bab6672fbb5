import Foundation
import LRData
import LRRunner

/// What grading a submission took from outside the grader, kept in `<out>/<id>/run.gz` so
/// that the submission can be graded again, after the rubric or the reference changed,
/// without running its script: the script's run (its capture as the harness wrote it) and
/// what poppler saw in its PDF.
///
/// The file is gzip of a line of JSON (the header: schema, the run's inputs, the run's
/// outcome, the script's code), a line of JSON with the PDF's inspection, then
/// the capture's bytes as the harness wrote them. A run is reused only
/// while `inputs` equals the hash of what it depends on now (`BatchGrader`'s run inputs:
/// script, data, limits, harness); the PDF's inspection only while the PDF's bytes hash to
/// `pdf.hash`. A file that is missing, damaged (gzip's CRC-32), of another schema or whose
/// capture no longer parses is never trusted: the script runs again.
struct StoredRun: Sendable {
    static let schema = "lrgrade-run/1"
    static let fileName = "run.gz"
    /// The largest record read back: the capture's own bound, the output kept and thumbnails.
    static let maximumBytes = ScriptRunner.maximumCaptureBytes + (16 << 20)

    /// The hash of what the run depends on.
    var inputs: String
    /// The script's run; nil when the submission has no script.
    var run: ScriptRun?
    /// The script's code as it ran (a notebook's code cells), for the class's similarity.
    var code: String?
    var pdf: Inspection?

    /// poppler's view of a PDF, by the hash of its bytes.
    struct Inspection: Codable, Sendable {
        var hash: String
        var pages: Int
        var images: Int?
        var thumbnails: [Data]

        init(hash: String, _ inspection: PDFInspection) {
            self.hash = hash
            pages = inspection.pages
            images = inspection.images
            thumbnails = inspection.thumbnails.map { Data($0) }
        }

        /// The inspection `PDFInspection.inspect(bytes:figuresWanted:)` gives for the same
        /// PDF, or nil when it would count the images this one did not count.
        func inspection(figuresWanted: Int) -> PDFInspection? {
            guard pages >= figuresWanted || images != nil else { return nil }
            return PDFInspection(pages: pages, images: pages < figuresWanted ? images : nil, thumbnails: thumbnails.map { [UInt8]($0) })
        }
    }

    /// The first line: what the run was, and its script.
    private struct Header: Codable {
        var schema = StoredRun.schema
        var inputs: String
        var run: Outcome?
        var code: String?
    }

    /// The second line: the PDF's inspection, if any.
    private struct PDFLine: Codable { var pdf: Inspection? }

    /// A `ScriptRun` without its capture and folder.
    private struct Outcome: Codable {
        var verdict: ScriptRun.Verdict
        var isolation: ScriptRun.Isolation
        var exitStatus: Int32?
        var signal: Int32?
        var wallSeconds: Double
        var probeSeconds: Double
        var cpuSeconds: Double
        var peakMemoryBytes: Int
        var stdout: String
        var stderr: String
        var droppedStdout: Int
        var droppedStderr: Int
        var sigmoid: SigmoidProbe
        var captured: Bool
    }

    init(inputs: String, run: ScriptRun?, code: String?, pdf: Inspection?) {
        self.inputs = inputs
        self.run = run
        self.code = code
        self.pdf = pdf
    }

    /// This record, if it stands for `submission`'s run now: of the same run inputs, with a
    /// run exactly when there is a script.
    func reusable(runInputs: String, for submission: Submission) -> StoredRun? {
        inputs == runInputs && (run != nil) == (submission.script != nil) ? self : nil
    }

    /// The record in `folder` if it is readable, whole and of this schema; nil otherwise.
    static func read(from folder: String) -> StoredRun? {
        guard let (bytes, header, end) = readHeader(from: folder),
              let pdfEnd = bytes[end...].firstIndex(of: UInt8(ascii: "\n")),
              let line = try? JSONDecoder.nonFinite.decode(PDFLine.self, from: Data(bytes[end..<pdfEnd])) else { return nil }
        var run: ScriptRun?
        if let outcome = header.run {
            let captureBytes = outcome.captured ? Array(bytes[(pdfEnd + 1)...]) : nil
            let capture = captureBytes.flatMap { Capture(parsing: Data($0)) }
            guard outcome.captured == (capture != nil) else { return nil }
            run = ScriptRun(verdict: outcome.verdict, isolation: outcome.isolation, exitStatus: outcome.exitStatus, signal: outcome.signal,
                            wallSeconds: outcome.wallSeconds, probeSeconds: outcome.probeSeconds, cpuSeconds: outcome.cpuSeconds,
                            peakMemoryBytes: outcome.peakMemoryBytes, stdout: outcome.stdout, stderr: outcome.stderr,
                            droppedOutputBytes: (outcome.droppedStdout, outcome.droppedStderr), capture: capture, captureBytes: captureBytes,
                            sigmoid: outcome.sigmoid, folder: "")
        }
        return StoredRun(inputs: header.inputs, run: run, code: header.code, pdf: line.pdf)
    }

    /// The script's code kept in `folder`'s record (only its first line is decoded).
    static func code(in folder: String) -> String? { readHeader(from: folder)?.1.code }

    /// The record's bytes, its header, and where the line after the header starts.
    private static func readHeader(from folder: String) -> ([UInt8], Header, Int)? {
        let path = folder + "/" + fileName
        guard let compressed = try? UntrustedFile.read(path, limit: maximumBytes),
              let bytes = try? Gzip.decompress(compressed, limit: maximumBytes, file: path),
              let newline = bytes.firstIndex(of: UInt8(ascii: "\n")),
              let header = try? JSONDecoder.nonFinite.decode(Header.self, from: Data(bytes[..<newline])), header.schema == schema else { return nil }
        return (bytes, header, newline + 1)
    }

    /// Writes the record to `folder`, atomically.
    func write(to folder: String) throws(GradingError) {
        let outcome = run.map { run in
            Outcome(verdict: run.verdict, isolation: run.isolation, exitStatus: run.exitStatus, signal: run.signal, wallSeconds: run.wallSeconds,
                    probeSeconds: run.probeSeconds, cpuSeconds: run.cpuSeconds, peakMemoryBytes: run.peakMemoryBytes, stdout: run.stdout,
                    stderr: run.stderr, droppedStdout: run.droppedOutputBytes.stdout, droppedStderr: run.droppedOutputBytes.stderr,
                    sigmoid: run.sigmoid, captured: run.captureBytes != nil)
        }
        let path = folder + "/" + Self.fileName
        let header: Data, inspection: Data
        do {
            header = try JSONEncoder.nonFinite.encode(Header(inputs: inputs, run: outcome, code: code))
            inspection = try JSONEncoder.nonFinite.encode(PDFLine(pdf: pdf))
        } catch {
            throw GradingError(file: path, reason: "cannot encode the run: \(error)")
        }
        // JSONEncoder escapes every newline inside strings: each is one line.
        let newline = [UInt8(ascii: "\n")]
        let bytes = Gzip.compress([UInt8](header) + newline + [UInt8](inspection) + newline + (run?.captureBytes ?? []))
        do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw GradingError(file: path, reason: "cannot write: \((error as NSError).localizedDescription)")
        }
    }
}
