/// A Python script as the similarity sees it: its tokens with every name, string and number
/// replaced by its kind, and comments, blank lines and layout gone. Two scripts that differ
/// by renaming, reformatting and comments have the same tokens.
///
/// The scan is lexical (no parse): strings (any prefix, single or triple quoted, escapes
/// honoured), comments, numbers, names and operators; keywords are kept as they are, since
/// they are the structure a copy keeps. A script that does not tokenize cleanly (an
/// unterminated string) still gives the tokens up to there and a string to the end.
public struct PythonTokens: Sendable {
    /// One token: its kind as a hash of its normalized text, and the line it starts on (1-based).
    public struct Token: Sendable, Equatable {
        public var code: UInt64
        public var line: Int
    }

    public private(set) var tokens: [Token] = []

    /// The normalized text of the kinds that replace names, strings and numbers.
    static let name = "N", string = "S", number = "0"

    static let keywords: Set<Substring> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Operators of two or three characters, longest first where they share a start.
    static let operators: [String] = ["**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=", "**", "//", "<<", ">>",
                                      "+=", "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^="]

    public init(source: String) {
        let bytes = Array(source.utf8)
        var index = 0, line = 1
        func emit(_ text: some Sequence<UInt8>, at line: Int) { tokens.append(Token(code: Self.hash(text), line: line)) }
        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte >= 0x80
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                line += 1
                index += 1
            case 0x20, 0x09, 0x0D, 0x0C, 0x5C: // layout, and the backslash of a continued line
                index += 1
            case 0x23: // a comment, to the end of its line
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case 0x22, 0x27:
                let start = line
                index = Self.endOfString(bytes, from: index, line: &line)
                emit(Self.string.utf8, at: start)
            case 0x30...0x39,
                 0x2E where index + 1 < bytes.count && (0x30...0x39).contains(bytes[index + 1]):
                // Digits, a point, exponents with their sign, hex, underscores, j.
                let hex = index + 1 < bytes.count && (bytes[index + 1] | 0x20) == 0x78
                var end = index + 1
                while end < bytes.count {
                    let next = bytes[end]
                    let exponentSign = (next == 0x2B || next == 0x2D) && (bytes[end - 1] | 0x20) == 0x65 && !hex
                    guard isNameByte(next) || next == 0x2E || exponentSign else { break }
                    end += 1
                }
                emit(Self.number.utf8, at: line)
                index = end
            default:
                if isNameByte(byte) {
                    var end = index + 1
                    while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                    // A string's prefix (r, b, f, u and their pairs) is part of the string.
                    if end < bytes.count, bytes[end] == 0x22 || bytes[end] == 0x27, end - index <= 2,
                       bytes[index..<end].allSatisfy({ "rbfuRBFU".utf8.contains($0) }) {
                        let start = line
                        index = Self.endOfString(bytes, from: end, line: &line)
                        emit(Self.string.utf8, at: start)
                        continue
                    }
                    let word = Substring(decoding: bytes[index..<end], as: UTF8.self)
                    emit(Self.keywords.contains(word) ? Array(word.utf8) : Array(Self.name.utf8), at: line)
                    index = end
                } else {
                    let rest = bytes[index...]
                    let length = Self.operators.first { rest.starts(with: $0.utf8) }?.utf8.count ?? 1
                    emit(bytes[index..<index + length], at: line)
                    index += length
                }
            }
        }
    }

    /// The index just past the string literal whose opening quote is at `start`, counting
    /// the lines it spans.
    static func endOfString(_ bytes: [UInt8], from start: Int, line: inout Int) -> Int {
        let quote = bytes[start]
        let triple = start + 2 < bytes.count && bytes[start + 1] == quote && bytes[start + 2] == quote
        var index = start + (triple ? 3 : 1)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x5C { // an escape: the next byte is the string's, whatever it is
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { line += 1 }
                index += 2
                continue
            }
            if byte == 0x0A {
                line += 1
                if !triple { return index } // an unterminated one-line string ends with its line
            }
            if byte == quote {
                if !triple { return index + 1 }
                if index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote { return index + 3 }
            }
            index += 1
        }
        return bytes.count
    }

    /// FNV-1a, 64 bits: a token's kind.
    static func hash(_ text: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
