import Foundation

/// Criterion 8: a readable PDF with at least four figures, counted as its pages plus its
/// embedded raster images (imshow plots, pasted figures), as poppler sees them. The plots'
/// content is graded from the figures the script drew (the plot criteria); the pages are
/// shown in the feedback PDF.
enum PDFCriterion {
    static func assess(_ evidence: Evidence) -> Assessment {
        guard let result = evidence.pdf, let path = evidence.submission.pdf else {
            if let refusal = evidence.submission.refusal(ofScript: false) { return .fail("\(refusal); it was not opened.") }
            return .fail("No PDF was submitted; expected \(evidence.submission.id).pdf with the four plots.")
        }
        let name = (path as NSString).lastPathComponent
        let pdf: PDFInspection
        switch result {
        case .success(let inspection): pdf = inspection
        case .failure(let error): return .fail("\(name) is not a readable PDF: \(error.reason)")
        }
        // Vector plots (lines) leave no trace poppler can count; pages and raster images do.
        let figures = pdf.pages + (pdf.images ?? 0)
        let counts = pdf.images.map { "\(pdf.pagesDescription) and \($0) embedded image\($0 == 1 ? "" : "s")" } ?? pdf.pagesDescription
        if figures >= evidence.tolerances.pdfMinFigures {
            return .pass("\(name) is readable: \(counts). The plots are graded from your figures; the pages are shown in feedback.pdf.")
        }
        return .partial("\(name) has only \(counts); expected the four plots: at least \(evidence.tolerances.pdfMinFigures) pages and images together.")
    }
}
