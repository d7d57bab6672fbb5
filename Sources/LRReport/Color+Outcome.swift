import LRGrading

extension Color {
    /// A criterion's outcome as the reports color it: green, amber, red.
    static func of(_ outcome: Outcome) -> Color {
        switch outcome {
        case .pass: Color(hex: 0x2E7D32)
        case .partial: Color(hex: 0xB26A00)
        case .fail: Color(hex: 0xC62828)
        }
    }
}
