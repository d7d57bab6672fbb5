import Foundation
import LRRunner

/// What poppler's tools see in a student's PDF: its first pages, rendered as thumbnails
/// for the feedback report (rendering is also what proves the file readable), and, when the
/// pages are too few, its embedded images. The tools run with a time limit, since the file
/// is untrusted.
package struct PDFInspection: Sendable {
    /// The pages, counted up to `maximumPages` (the document may have more).
    package var pages: Int
    /// Raster images embedded in the pages (`pdfimages -list`): imshow plots, pasted figures;
    /// nil when they were not counted.
    package var images: Int?
    /// The first `thumbnailPages` pages as JPEG files, in page order.
    package var thumbnails: [String]

    static let toolSeconds = 30.0

    /// Pages rendered as thumbnails.
    static let thumbnailPages = 8
    /// Pages counted: one more than the thumbnails, to tell "8" from "more than 8".
    package static let maximumPages = thumbnailPages + 1

    /// Pixels on a thumbnail's longer side: about twice what the feedback report's cell
    /// shows, so print stays sharp.
    static let thumbnailSide = 300

    /// Renders the first pages of `path` into `folder` (created) with one `pdftoppm`, or says
    /// why it is not a readable PDF. Images are counted only when the pages are fewer than
    /// `figuresWanted`: each tool costs a process and a parse.
    ///
    /// JPEG, not PNG or PPM: the feedback PDF embeds the files as they are (Cairo passes JPEG
    /// data through), where a raster would be deflated again for every student.
    package static func inspect(_ path: String, renderingInto folder: String, figuresWanted: Int = .max) -> Result<PDFInspection, InspectionError> {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return .failure(InspectionError(reason: "cannot create \(folder) for its pages"))
        }
        if case .failure(let error) = tool(["pdftoppm", "-jpeg", "-jpegopt", "quality=90", "-scale-to", String(thumbnailSide), "-l", String(maximumPages), path, folder + "/page"]) {
            return .failure(error)
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("page") && $0.hasSuffix(".jpg") }
            // pdftoppm pads the page numbers to the width of the last one.
            .sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
            .map { folder + "/" + $0 }
        guard !files.isEmpty else { return .failure(InspectionError(reason: "poppler finds no pages")) }
        let thumbnails = Array(files.prefix(thumbnailPages))
        guard files.count < figuresWanted else { return .success(PDFInspection(pages: files.count, images: nil, thumbnails: thumbnails)) }
        // The listing has two header lines, then one line per image.
        let images = (try? tool(["pdfimages", "-list", path]).get()).map { max($0.split(separator: "\n").count - 2, 0) }
        return .success(PDFInspection(pages: files.count, images: images, thumbnails: thumbnails))
    }

    /// "4 pages", or "more than 8 pages" when the count stopped at `maximumPages`.
    package var pagesDescription: String {
        pages >= Self.maximumPages ? "more than \(Self.thumbnailPages) pages" : "\(pages) page\(pages == 1 ? "" : "s")"
    }

    /// Whether poppler's tools can be started.
    static var available: Bool { (try? tool(["pdftoppm", "-v"]).get()) != nil }

    package struct InspectionError: Error { package var reason: String }

    private static func tool(_ arguments: [String]) -> Result<String, InspectionError> {
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C.UTF-8"]
        guard let outcome = try? ChildProcess.run(arguments, environment: environment, seconds: toolSeconds, keep: 4 << 20) else {
            return .failure(InspectionError(reason: "cannot start \(arguments[0]) (is poppler-utils installed?)"))
        }
        ToolUsage.add(outcome)
        if outcome.timedOut { return .failure(InspectionError(reason: "\(arguments[0]) took more than \(Int(toolSeconds)) s")) }
        guard outcome.status == 0 else {
            let message = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "exit status \(outcome.status ?? -1)"
            return .failure(InspectionError(reason: message))
        }
        // `pdftoppm -v` prints its version on standard error.
        return .success(String(decoding: outcome.stdout, as: UTF8.self))
    }
}
