import Foundation

extension JSONEncoder {
    /// An encoder that writes infinities and NaN, which students' values and diverging
    /// replays hold, as the strings "inf", "-inf" and "nan"; `JSONDecoder.nonFinite` reads
    /// them back.
    package static var nonFinite: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}

extension JSONDecoder {
    /// A decoder that reads "inf", "-inf" and "nan" as written by `JSONEncoder.nonFinite`.
    package static var nonFinite: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
