import Foundation
import LRRunner
import Synchronization

/// What poppler's tools see in a student's PDF. The tools run with a time limit, since the
/// file is untrusted.
package struct PDFInspection: Sendable {
    package var pages: Int
    /// Raster images embedded in the pages (`pdfimages -list`): imshow plots, pasted figures.
    package var images: Int
    /// The document's text (`pdftotext`).
    package var text: String

    static let toolSeconds = 30.0

    /// Reads `path`, or says why it is not a readable PDF.
    package static func inspect(_ path: String) -> Result<PDFInspection, InspectionError> {
        let info: String
        switch tool(["pdfinfo", path]) {
        case .success(let output): info = output
        case .failure(let error): return .failure(error)
        }
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) } ?? 0
        guard pages > 0 else { return .failure(InspectionError(reason: "pdfinfo finds no pages")) }
        // The listing has two header lines, then one line per image.
        let images = (try? tool(["pdfimages", "-list", path]).get()).map { $0.split(separator: "\n").count - 2 } ?? 0
        let text = (try? tool(["pdftotext", "-l", "50", path, "-"]).get()) ?? ""
        return .success(PDFInspection(pages: pages, images: max(images, 0), text: text))
    }

    /// Pixels on a thumbnail's longer side: about twice what the feedback report's cell
    /// shows, so print stays sharp.
    static let thumbnailSide = 400

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
    static var available: Bool { (try? tool(["pdfinfo", "-v"]).get()) != nil }

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
        // `pdfinfo -v` prints its version on standard error.
        return .success(String(decoding: outcome.stdout, as: UTF8.self))
    }
}
