import CCairo
import LRSolver

/// The reports' three typefaces: DejaVu Sans, regular and bold, and DejaVu Sans Mono.
///
/// They are read with FreeType from the files in `templates/fonts`, so a report looks the
/// same on every machine and no font configuration is read: finding the fonts by name with
/// fontconfig took 3.5 ms of every run. Where those files cannot be read, Cairo finds the
/// families by name.
enum Typeface: CaseIterable {
    case regular, bold, monospaced

    var fileName: String {
        switch self {
        case .regular: "DejaVuSans.ttf"
        case .bold: "DejaVuSans-Bold.ttf"
        case .monospaced: "DejaVuSansMono.ttf"
        }
    }

    /// Sets this typeface as `cairo`'s font.
    func select(in cairo: OpaquePointer) {
        if let faces = Self.bundled {
            cairo_set_font_face(cairo, faces[self])
        } else {
            cairo_select_font_face(cairo, self == .monospaced ? "DejaVu Sans Mono" : "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                                   self == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        }
    }

    /// The Cairo faces of the bundled files, all or none; loaded once, kept for the life of
    /// the process. Cairo locks a FreeType face while it uses it, so threads share them.
    nonisolated(unsafe) static let bundled: [Typeface: OpaquePointer]? = {
        guard let templates = BundledData.templates(executablePath: CommandLine.arguments[0]) else { return nil }
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0 else { return nil }
        var faces: [Typeface: OpaquePointer] = [:]
        for typeface in allCases {
            var face: FT_Face?
            guard FT_New_Face(library, "\(templates)/fonts/\(typeface.fileName)", 0, &face) == 0 else { break }
            let cairoFace = cairo_ft_font_face_create_for_ft_face(face, 0)
            guard let cairoFace, cairo_font_face_status(cairoFace) == CAIRO_STATUS_SUCCESS else { break }
            faces[typeface] = cairoFace
        }
        guard faces.count == allCases.count else {
            // Unused, so freed: the Cairo faces first, then FreeType and the faces it loaded.
            faces.values.forEach(cairo_font_face_destroy)
            FT_Done_FreeType(library)
            return nil
        }
        return faces
    }()
}
