import Foundation
import LRRunner

/// What poppler's tools see in a student's PDF: its first pages, rendered as thumbnails
/// for the feedback report (rendering is also what proves the file readable), and, when the
/// pages are too few, its embedded images. The file is untrusted: it is read without
/// following links, and the tools run confined (`ConfinedTool`) on a private copy, never
/// where a script could have planted anything.
package struct PDFInspection: Sendable {
    /// The pages, counted up to `maximumPages` (the document may have more).
    package var pages: Int
    /// Raster images embedded in the pages (`pdfimages -list`): imshow plots, pasted figures;
    /// nil when they were not counted.
    package var images: Int?
    /// The first `thumbnailPages` pages as JPEG data, in page order.
    package var thumbnails: [[UInt8]]

    /// Pages rendered as thumbnails.
    static let thumbnailPages = 8
    /// Pages counted: one more than the thumbnails, to tell "8" from "more than 8".
    package static let maximumPages = thumbnailPages + 1

    /// Pixels on a thumbnail's longer side: about twice what the feedback report's cell
    /// shows, so print stays sharp.
    static let thumbnailSide = 300

    /// The largest PDF inspected: a handout's four plots take well under 1 MiB.
    package static let maximumBytes = 64 << 20

    /// poppler's tools, confined: the PDF is a student's file.
    static let tool = ConfinedTool()

    /// Reads the student's PDF at `path` (a regular file, never through a link) and inspects
    /// it, or says why it cannot be.
    package static func inspect(_ path: String, figuresWanted: Int = .max) -> Result<PDFInspection, InspectionError> {
        do { return inspect(bytes: try UntrustedFile.read(path, limit: maximumBytes), figuresWanted: figuresWanted) } catch {
            return .failure(InspectionError(reason: error.reason))
        }
    }

    /// Renders the first pages of the PDF `bytes` with one `pdftoppm`, or says why it is not
    /// a readable PDF. Images are counted only when the pages are fewer than
    /// `figuresWanted`: each tool costs a process and a parse.
    ///
    /// JPEG, not PNG or PPM: the feedback PDF embeds the files as they are (Cairo passes JPEG
    /// data through), where a raster would be deflated again for every student. Without
    /// `thumbnails` (nothing will show them), the pages are still rendered, which proves them
    /// readable and counts them, but a few pixels wide, in a fifth of the time.
    package static func inspect(bytes: [UInt8], figuresWanted: Int = .max, thumbnails keep: Bool = true) -> Result<PDFInspection, InspectionError> {
        let rendered: ConfinedTool.Result
        switch run(bytes, "pdftoppm", { input, out in
            ["-jpeg", "-jpegopt", "quality=90", "-scale-to", String(keep ? thumbnailSide : 8), "-l", String(maximumPages), input, out + "/page"]
        }) {
        case .success(let result): rendered = result
        case .failure(let error): return .failure(error)
        }
        let pages = rendered.outputs.filter { $0.key.hasPrefix("page") && $0.key.hasSuffix(".jpg") }
            // pdftoppm pads the page numbers to the width of the last one.
            .sorted { $0.key.count != $1.key.count ? $0.key.count < $1.key.count : $0.key < $1.key }
            .map(\.value)
        guard !pages.isEmpty else { return .failure(InspectionError(reason: "poppler finds no pages")) }
        let thumbnails = keep ? Array(pages.prefix(thumbnailPages)) : []
        guard pages.count < figuresWanted else { return .success(PDFInspection(pages: pages.count, images: nil, thumbnails: thumbnails)) }
        // The listing has two header lines, then one line per image.
        let images = (try? run(bytes, "pdfimages", { input, _ in ["-list", input] }).get())
            .map { max(String(decoding: $0.stdout, as: UTF8.self).split(separator: "\n").count - 2, 0) }
        return .success(PDFInspection(pages: pages.count, images: images, thumbnails: thumbnails))
    }

    /// "4 pages", or "more than 8 pages" when the count stopped at `maximumPages`.
    package var pagesDescription: String {
        pages >= Self.maximumPages ? "more than \(Self.thumbnailPages) pages" : "\(pages) page\(pages == 1 ? "" : "s")"
    }

    /// Whether poppler's tools can be started.
    static var available: Bool {
        (try? ChildProcess.run(["pdftoppm", "-v"], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], seconds: 30, keep: 4096)) != nil
    }

    package struct InspectionError: Error { package var reason: String }

    /// Runs the poppler tool `name` with `arguments(input, outputFolder)` on `bytes`.
    private static func run(_ bytes: [UInt8], _ name: String, _ arguments: (String, String) -> [String]) -> Result<ConfinedTool.Result, InspectionError> {
        guard let result = try? tool.run(bytes, named: "submitted.pdf", { [name] + arguments($0, $1) }) else {
            return .failure(InspectionError(reason: "cannot start \(name) (is poppler-utils installed?)"))
        }
        if result.timedOut { return .failure(InspectionError(reason: "\(name) took more than \(Int(tool.seconds)) s")) }
        guard result.status == 0 else {
            let message = String(decoding: result.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "exit status \(result.status ?? -1)"
            return .failure(InspectionError(reason: message))
        }
        return .success(result)
    }
}
