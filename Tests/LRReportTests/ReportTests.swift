import Foundation
import Testing
import LRData
@testable import LRReport
import LRSolver

/// Reports rendered and read back with poppler's command-line tools.
@Suite("Reference PDF")
struct ReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let full: Reference = {
        var solver = ReferenceSolver()
        solver.digits = try! DigitPair(3, 8)
        return try! solver.solve(MNISTDataset(contentsOf: root.appendingPathComponent("fixtures/mnist").path))
    }()

    static func scratch(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrgrade-report-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// Standard output of a poppler tool.
    static func poppler(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(tool) \(arguments) failed")
        return data
    }

    static func text(_ pdf: String, page: Int) throws -> String {
        String(decoding: try poppler("pdftotext", ["-layout", "-f", "\(page)", "-l", "\(page)", pdf, "-"]), as: UTF8.self)
    }

    @Test("five A4 pages with the titles and the reference's numbers as text")
    func pagesAndText() throws {
        let pdf = try Self.scratch("reference.pdf")
        try ReferenceReport.write(Self.full, to: pdf)
        let info = String(decoding: try Self.poppler("pdfinfo", [pdf]), as: UTF8.self)
        #expect(info.contains("Pages:           5"))
        #expect(info.contains("595.28 x 841.89 pts (A4)"))

        let title = try Self.text(pdf, page: 1)
        #expect(title.contains("Digits 3 vs 8: reference solution"))
        #expect(title.contains("11,982 training and 1,984 test images"))
        for evaluation in [Self.full.sklearn.evaluation, Self.full.gradientDescent.checkpoints["5"]!, Self.full.gradientDescent.checkpoints["100"]!] {
            #expect(title.contains(String(format: "%.5f", evaluation.accuracy)))
            #expect(title.contains(String(format: "%.6f", evaluation.logLoss)))
        }
        #expect(title.contains("It stopped after \(Self.full.sklearn.iterations) iterations"))

        let loss = try Self.text(pdf, page: 2)
        #expect(loss.contains("Plot 1: loss vs epoch") && loss.contains("Logarithmic scale") && loss.contains("after 5 epochs"))
        #expect(loss.contains("training set") && loss.contains("test set") && loss.contains("epochs completed"))
        let confusion = try Self.text(pdf, page: 3)
        #expect(confusion.contains("Plot 2: confusion matrices") && confusion.contains("predicted digit"))
        for count in Self.full.gradientDescent.checkpoints["100"]!.confusion.flatMap({ $0 }) + Self.full.sklearn.evaluation.confusion.flatMap({ $0 }) {
            #expect(confusion.contains(String(count)))
        }
        #expect(try Self.text(pdf, page: 4).contains("Plot 3: important pixels"))
        let errors = try Self.text(pdf, page: 5)
        #expect(errors.contains("Plot 4: misclassified examples"))
        #expect(errors.contains("\(Self.full.sklearn.evaluation.errors) errors; the first 10 are shown."))
        #expect(errors.contains("#\(Self.full.sklearn.evaluation.misclassified[0]): true"))
    }

    @Test("images are embedded at 28×28 without interpolation")
    func images() throws {
        let pdf = try Self.scratch("reference.pdf")
        try ReferenceReport.write(Self.full, to: pdf)
        let list = String(decoding: try Self.poppler("pdfimages", ["-list", pdf]), as: UTF8.self)
        let rows = list.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let digitImages = rows.filter { $0[3] == "28" && $0[4] == "28" }
        #expect(digitImages.count == 2 + 20, "two weight images and twenty misclassified digits: \(list)")
        #expect(digitImages.allSatisfy { $0[9] == "no" }, "interpolation must be off")
    }

    @Test("the day printed on reports is the local calendar day, as ISO 8601 writes it")
    func localDay() {
        for seconds in [0, 951_782_400 /* 2000-02-29 */, 1_796_083_199.5, -315_576_000.5] as [Double] {
            let date = Date(timeIntervalSince1970: seconds)
            let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
            #expect(date.localDay == String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!), "\(date)")
        }
    }

    @Test("text is set in the bundled DejaVu faces, embedded")
    func fonts() throws {
        #expect(Typeface.bundled?.count == Typeface.allCases.count, "templates/fonts should load without fontconfig")
        let pdf = try Self.scratch("reference.pdf")
        try ReferenceReport.write(Self.full, to: pdf)
        let list = String(decoding: try Self.poppler("pdffonts", [pdf]), as: UTF8.self)
        let rows = list.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        // Names are subset-tagged (ABCDEF+DejaVuSans); "emb" is the column before "sub".
        let names = Set(rows.map { $0[0].split(separator: "+").last.map(String.init) ?? "" })
        #expect(names == ["DejaVuSans", "DejaVuSans-Bold"], "\(list)")
        #expect(rows.allSatisfy { $0[$0.count - 5] == "yes" }, "every font embedded: \(list)")
    }

    @Test("every page has ink; the weights page has red and blue")
    func rasterized() throws {
        let pdf = try Self.scratch("reference.pdf")
        try ReferenceReport.write(Self.full, to: pdf)
        for page in 1...5 {
            let ppm = try Self.poppler("pdftoppm", ["-r", "30", "-f", "\(page)", "-l", "\(page)", pdf])
            let pixels = try Self.rgb(fromPPM: ppm)
            let ink = pixels.filter { $0.0 < 200 || $0.1 < 200 || $0.2 < 200 }.count
            #expect(ink > pixels.count / 100, "page \(page) looks blank: \(ink) of \(pixels.count) pixels")
            if page == 4 {
                #expect(pixels.contains { $0.0 > 150 && $0.1 < 80 && $0.2 < 80 }, "no red on the weights page")
                #expect(pixels.contains { $0.2 > 120 && $0.0 < 80 }, "no blue on the weights page")
            }
        }
    }

    /// The (r, g, b) pixels of a binary PPM (P6, maxval 255).
    static func rgb(fromPPM data: Data) throws -> [(UInt8, UInt8, UInt8)] {
        let bytes = [UInt8](data)
        var fields: [String] = [], index = 0
        while fields.count < 4 {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A { index += 1 }
            let start = index
            while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x0A { index += 1 }
            fields.append(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        try #require(fields[0] == "P6" && fields[3] == "255")
        let body = bytes[(index + 1)...]
        return stride(from: body.startIndex, to: body.endIndex - 2, by: 3).map { (body[$0], body[$0 + 1], body[$0 + 2]) }
    }

    @Test("a model without errors gets a sentence, not an empty grid")
    func noErrors() throws {
        var reference = Self.full
        reference.sklearn.evaluation.misclassified = []
        reference.sklearn.evaluation.misclassifiedProbability = []
        reference.sklearn.evaluation.misclassifiedImages = []
        reference.sklearn.evaluation.errors = 0
        let pdf = try Self.scratch("reference.pdf")
        try ReferenceReport.write(reference, to: pdf)
        #expect(try Self.text(pdf, page: 5).contains("No test image was misclassified"))
    }

    @Test("an inconsistent reference is refused and the existing PDF kept")
    func refused() throws {
        let pdf = try Self.scratch("reference.pdf")
        try ReferenceReport.write(Self.full, to: pdf)
        let before = try Data(contentsOf: URL(fileURLWithPath: pdf))
        var broken = Self.full
        broken.gradientDescent.weights.removeLast()
        #expect(throws: ReportError.self) { try ReferenceReport.write(broken, to: pdf) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)) == before)
        #expect(throws: ReportError.self) { try ReferenceReport.write(Self.full, to: "/nonexistent-folder/reference.pdf") }
    }
}
