import CCairo
import Foundation

/// Why a PDF could not be made.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String
    public var description: String { file.isEmpty ? reason : "\(file): \(reason)" }
}

/// A multi-page PDF drawn with Cairo, in points (1/72 inch), origin at the top left; or one
/// such page as a PNG image, for platforms that show images but not PDFs.
///
/// Pages are A4 portrait. The document is written to a temporary file beside `path` and
/// renamed over it by `finish`, so a failure never leaves half a PDF in its place.
final class Canvas {
    static let a4 = (width: 595.28, height: 841.89)
    let width = Canvas.a4.width, height = Canvas.a4.height
    let path: String
    private let temporaryPath: String
    private let surface: OpaquePointer
    let cairo: OpaquePointer

    init(path: String) throws(ReportError) {
        self.path = path
        temporaryPath = path + ".partial-\(getpid())"
        surface = cairo_pdf_surface_create(temporaryPath, Canvas.a4.width, Canvas.a4.height)
        cairo = cairo_create(surface)
        if let problem = Self.problem(surface: surface, context: cairo) {
            cairo_destroy(cairo)
            cairo_surface_destroy(surface)
            unlink(temporaryPath)
            throw ReportError(file: path, reason: "cannot write: \(problem)")
        }
        // PDF 1.4: no compressed object streams, a second pass of zlib over every object
        // (in a regrade of 1,000 the grader's CPU per student went from 17.5–20 to 15–18 ms).
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_4)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "lrgrade")
    }

    /// One A4 page in memory, `scale` pixels per point on a white ground, for `png()`.
    init(imageScale scale: Double) {
        path = ""
        temporaryPath = ""
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32((Canvas.a4.width * scale).rounded(.up)), Int32((Canvas.a4.height * scale).rounded(.up)))
        cairo = cairo_create(surface)
        cairo_set_source_rgb(cairo, 1, 1, 1)
        cairo_paint(cairo)
        cairo_scale(cairo, scale, scale)
    }

    deinit {
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
    }

    func setTitle(_ title: String) { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title) }

    func nextPage() { cairo_show_page(cairo) }

    /// Ends the document and moves it into place.
    func finish() throws(ReportError) {
        cairo_show_page(cairo)
        cairo_surface_finish(surface)
        if let problem = Self.problem(surface: surface, context: cairo) {
            unlink(temporaryPath)
            throw ReportError(file: path, reason: "cannot write: \(problem)")
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ReportError(file: path, reason: "cannot write: \(reason)")
        }
    }

    /// The page of an image canvas as PNG bytes.
    func png() throws(ReportError) -> [UInt8] {
        cairo_surface_flush(surface)
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw ReportError(file: "", reason: "cannot encode a PNG: \(String(cString: cairo_status_to_string(status)))") }
        return sink.bytes
    }

    private static func problem(surface: OpaquePointer, context: OpaquePointer) -> String? {
        for status in [cairo_surface_status(surface), cairo_status(context)] where status != CAIRO_STATUS_SUCCESS {
            // Cairo reports a failed open as a write error; errno still says why.
            return status == CAIRO_STATUS_WRITE_ERROR && errno != 0 ? String(cString: strerror(errno)) : String(cString: cairo_status_to_string(status))
        }
        return nil
    }

    // MARK: Paths and colors

    func setColor(_ color: Color, alpha: Double = 1) { cairo_set_source_rgba(cairo, color.red, color.green, color.blue, alpha) }

    func fillRectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ color: Color) {
        setColor(color)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_fill(cairo)
    }

    func strokeRectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ color: Color, lineWidth: Double = 0.8) {
        setColor(color)
        cairo_set_line_width(cairo, lineWidth)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_stroke(cairo)
    }

    /// A polyline; `dash` is on/off lengths, empty for a solid line.
    func strokeLine(_ points: [(Double, Double)], _ color: Color, lineWidth: Double = 1, dash: [Double] = []) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_set_line_width(cairo, lineWidth)
        cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
        dash.withUnsafeBufferPointer { cairo_set_dash(cairo, $0.baseAddress, Int32(dash.count), 0) }
        cairo_move_to(cairo, first.0, first.1)
        for point in points.dropFirst() { cairo_line_to(cairo, point.0, point.1) }
        cairo_stroke(cairo)
        cairo_set_dash(cairo, nil, 0, 0)
    }

    // MARK: Text

    enum Weight { case regular, bold }
    enum Anchor { case left, center, right }

    func setFont(size: Double, weight: Weight = .regular, monospaced: Bool = false) {
        (monospaced ? Typeface.monospaced : weight == .bold ? .bold : .regular).select(in: cairo)
        cairo_set_font_size(cairo, size)
    }

    /// The advance width of `text` in the current font.
    func textWidth(_ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(cairo, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` with its baseline at `y`, anchored at `x`; `rotated` turns it a quarter
    /// counterclockwise around (x, y), for vertical axis labels.
    func text(_ text: String, x: Double, y: Double, anchor: Anchor = .left, color: Color = .text, rotated: Bool = false) {
        let offset = anchor == .left ? 0 : anchor == .center ? -textWidth(text) / 2 : -textWidth(text)
        setColor(color)
        cairo_save(cairo)
        cairo_translate(cairo, x, y)
        if rotated { cairo_rotate(cairo, -.pi / 2) }
        cairo_move_to(cairo, offset, 0)
        cairo_show_text(cairo, text)
        cairo_restore(cairo)
    }

    /// Draws `text` wrapped to `width`, lines `leading` apart from baseline `y`; returns the
    /// baseline after the last line.
    @discardableResult
    func paragraph(_ text: String, x: Double, y: Double, width: Double, leading: Double, color: Color = .text) -> Double {
        // Each word measured once: the toy text API does not kern, so a line's advance is
        // the sum of its words' and spaces' (measuring every candidate line again was about
        // a seventh of a feedback PDF's time in a profile of a class's regrade).
        let space = textWidth(" ")
        var lines: [String] = []
        var line = "", lineWidth = 0.0
        for word in text.split(separator: " ") {
            let wordWidth = textWidth(String(word))
            if line.isEmpty {
                (line, lineWidth) = (String(word), wordWidth)
            } else if lineWidth + space + wordWidth <= width {
                line += " " + word
                lineWidth += space + wordWidth
            } else {
                lines.append(line)
                (line, lineWidth) = (String(word), wordWidth)
            }
        }
        if !line.isEmpty { lines.append(line) }
        var baseline = y
        for line in lines {
            self.text(line, x: x, y: baseline, color: color)
            baseline += leading
        }
        return baseline
    }

    /// A page's title at the top margin, then its caption wrapped across the page; returns
    /// the baseline after the caption.
    func heading(_ title: String, caption: String, margin: Double) -> Double {
        setFont(size: 16, weight: .bold)
        text(title, x: margin, y: margin + 10)
        setFont(size: 9.5)
        return paragraph(caption, x: margin, y: margin + 32, width: width - 2 * margin, leading: 13)
    }

    // MARK: Images

    /// Draws a `columns × rows` raster of colors into the rectangle, each source pixel a
    /// sharp square: the image is embedded at its own resolution and scaled with nearest-
    /// neighbour filtering, never smoothed.
    func image(columns: Int, rows: Int, x: Double, y: Double, width: Double, height: Double, color: (Int, Int) -> Color) {
        let image = Self.rgbSurface(columns: columns, rows: rows) { row, line in
            for column in 0..<columns {
                let c = color(row, column)
                line[column] = UInt32((c.red * 255).rounded()) << 16 | UInt32((c.green * 255).rounded()) << 8 | UInt32((c.blue * 255).rounded())
            }
        }
        defer { cairo_surface_destroy(image) }
        paint(image, x: x, y: y, width: width, height: height, filter: CAIRO_FILTER_NEAREST)
    }

    /// Draws the picture scaled to fit the box, keeping its proportions, with a thin frame;
    /// returns the size drawn. The JPEG data goes into the PDF unchanged: the surface
    /// painted is blank, carrying the file as its MIME data, which the PDF surface embeds
    /// instead of the pixels.
    @discardableResult
    func picture(_ picture: JPEGPicture, x: Double, y: Double, width: Double, height: Double) -> (width: Double, height: Double) {
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(picture.width), Int32(picture.height))!
        defer { cairo_surface_destroy(image) }
        let data = UnsafeMutablePointer<UInt8>.allocate(capacity: picture.bytes.count)
        data.initialize(from: picture.bytes, count: picture.bytes.count)
        // Cairo owns the copy from here and frees it with the surface.
        cairo_surface_set_mime_data(image, "image/jpeg", data, UInt(picture.bytes.count), { $0?.assumingMemoryBound(to: UInt8.self).deallocate() }, data)
        let scale = min(width / Double(picture.width), height / Double(picture.height))
        let drawn = (width: Double(picture.width) * scale, height: Double(picture.height) * scale)
        paint(image, x: x, y: y, width: drawn.width, height: drawn.height, filter: CAIRO_FILTER_GOOD)
        strokeRectangle(x, y, drawn.width, drawn.height, .grid, lineWidth: 0.5)
        return drawn
    }

    /// A `columns × rows` RGB24 image surface; `fill(row, line)` writes one row's pixels as
    /// 0x00RRGGBB.
    private static func rgbSurface(columns: Int, rows: Int, fill: (Int, UnsafeMutablePointer<UInt32>) -> Void) -> OpaquePointer {
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows))!
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        let data = cairo_image_surface_get_data(image)!
        for row in 0..<rows {
            fill(row, UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self))
        }
        cairo_surface_mark_dirty(image)
        return image
    }

    /// Paints `image` stretched over the rectangle.
    private func paint(_ image: OpaquePointer, x: Double, y: Double, width: Double, height: Double, filter: cairo_filter_t) {
        let columns = Double(cairo_image_surface_get_width(image)), rows = Double(cairo_image_surface_get_height(image))
        cairo_save(cairo)
        cairo_translate(cairo, x, y)
        cairo_scale(cairo, width / columns, height / rows)
        cairo_set_source_surface(cairo, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cairo), filter)
        cairo_rectangle(cairo, 0, 0, columns, rows)
        cairo_fill(cairo)
        cairo_restore(cairo)
    }
}
