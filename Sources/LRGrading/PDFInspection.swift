import Foundation
import LRRunner
import Synchronization

/// What poppler's tools see in a student's PDF. The tools run with a time limit, since the
/// file is untrusted.
package struct PDFInspection: Sendable {
    package var pages: Int
    /// Raster images embedded in the pages (`pdfimages -list`): imshow plots, pasted figures;
    /// nil when they were not counted.
    package var images: Int?
    /// The document's text (`pdftotext`), a form feed after each page.
    package var text: String

    static let toolSeconds = 30.0

    /// Reads `path`, or says why it is not a readable PDF. Images are counted only when the
    /// pages alone are fewer than `figuresWanted`: each tool costs a process and a parse.
    package static func inspect(_ path: String, figuresWanted: Int = .max) -> Result<PDFInspection, InspectionError> {
        let text: String
        switch tool(["pdftotext", path, "-"]) {
        case .success(let output): text = output
        case .failure(let error): return .failure(error)
        }
        let pages = text.utf8.count { $0 == 0x0C }
        guard pages > 0 else { return .failure(InspectionError(reason: "poppler finds no pages")) }
        guard pages < figuresWanted else { return .success(PDFInspection(pages: pages, images: nil, text: text)) }
        // The listing has two header lines, then one line per image.
        let images = (try? tool(["pdfimages", "-list", path]).get()).map { max($0.split(separator: "\n").count - 2, 0) }
        return .success(PDFInspection(pages: pages, images: images, text: text))
    }

    /// Pixels on a thumbnail's longer side: about twice what the feedback report's cell
    /// shows, so print stays sharp.
    static let thumbnailSide = 300

    /// The first `pages` pages as small PPM files in `folder` (created), in page order.
    /// (PPM, not PNG: pdftoppm takes a third of the time when it need not compress.)
    static func thumbnails(of path: String, pages: Int, into folder: String) -> [String] {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard (try? tool(["pdftoppm", "-scale-to", String(thumbnailSide), "-l", String(pages), path, folder + "/page"]).get()) != nil else { return [] }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasPrefix("page") && $0.hasSuffix(".ppm") }
            .sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
            .map { folder + "/" + $0 }
    }

    /// Whether poppler's tools can be started.
    static var available: Bool { (try? tool(["pdftotext", "-v"]).get()) != nil }

    /// CPU seconds all poppler tools of this process took so far: part of the grader's cost.
    package static var toolCPUSeconds: Double { toolUsage.withLock { $0 } }
    private static let toolUsage = Mutex(0.0)

    package struct InspectionError: Error { package var reason: String }

    private static func tool(_ arguments: [String]) -> Result<String, InspectionError> {
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C.UTF-8"]
        guard let outcome = try? ChildProcess.run(arguments, environment: environment, seconds: toolSeconds, keep: 4 << 20) else {
            return .failure(InspectionError(reason: "cannot start \(arguments[0]) (is poppler-utils installed?)"))
        }
        toolUsage.withLock { $0 += outcome.cpuSeconds }
        if outcome.timedOut { return .failure(InspectionError(reason: "\(arguments[0]) took more than \(Int(toolSeconds)) s")) }
        guard outcome.status == 0 else {
            let message = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "exit status \(outcome.status ?? -1)"
            return .failure(InspectionError(reason: message))
        }
        // `pdftotext -v` prints its version on standard error.
        return .success(String(decoding: outcome.stdout, as: UTF8.self))
    }
}
