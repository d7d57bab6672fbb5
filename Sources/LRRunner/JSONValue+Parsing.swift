import Foundation

extension JSONValue {
    /// Why a text is not JSON, with the byte offset where reading stopped.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Arrays and objects nested deeper than this are refused rather than recursed into, so
    /// that a hostile file cannot exhaust a thread's stack.
    public static let maximumDepth = 100

    /// Reads a JSON text (RFC 8259): one value, surrounded by optional white space.
    ///
    /// Numbers become the nearest `Double` (correctly rounded, so a float Python wrote
    /// with `repr` comes back bit for bit); strings are decoded from UTF-8
    /// with their escapes, a lone surrogate becoming U+FFFD; a repeated key keeps its last
    /// value. One pass with no thrown errors on the way, where `JSONDecoder` into this enum
    /// tried each type in turn: the capture's 10,000 numbers took a tenth of a second.
    public init(parsing data: some Collection<UInt8>) throws(SyntaxError) {
        self = try Array(data).withUnsafeBufferPointer { (buffer) throws(SyntaxError) in
            var reader = JSONReader(bytes: buffer)
            let value = try reader.value(depth: 0)
            reader.skipWhiteSpace()
            guard reader.position == buffer.count else { throw reader.error("unexpected text after the value") }
            return value
        }
    }
}

/// A recursive-descent reader over a buffer.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        end = bytes.count
    }

    func error(_ reason: String) -> JSONValue.SyntaxError { JSONValue.SyntaxError(offset: position, reason: reason) }

    mutating func skipWhiteSpace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONValue.SyntaxError) -> JSONValue {
        skipWhiteSpace()
        guard position < end else { throw error("unexpected end of text") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONValue.SyntaxError) {
        let length = word.utf8CodeUnitCount
        guard end - position >= length, memcmp(bytes.baseAddress! + position, word.utf8Start, length) == 0 else { throw error("unknown literal") }
        position += length
    }

    private mutating func array(depth: Int) throws(JSONValue.SyntaxError) -> JSONValue {
        guard depth <= JSONValue.maximumDepth else { throw error("nested deeper than \(JSONValue.maximumDepth) levels") }
        position += 1
        var items: [JSONValue] = []
        skipWhiteSpace()
        if position < end, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth))
            if try closes(UInt8(ascii: "]"), "array") { return .array(items) }
        }
    }

    private mutating func object(depth: Int) throws(JSONValue.SyntaxError) -> JSONValue {
        guard depth <= JSONValue.maximumDepth else { throw error("nested deeper than \(JSONValue.maximumDepth) levels") }
        position += 1
        var fields: [String: JSONValue] = [:]
        skipWhiteSpace()
        if position < end, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(fields) }
        while true {
            skipWhiteSpace()
            guard position < end, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipWhiteSpace()
            guard position < end, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            fields[key] = try value(depth: depth)
            if try closes(UInt8(ascii: "}"), "object") { return .object(fields) }
        }
    }

    /// Reads the comma or the closing bracket after an item: true when the container ends.
    private mutating func closes(_ close: UInt8, _ container: String) throws(JSONValue.SyntaxError) -> Bool {
        skipWhiteSpace()
        guard position < end else { throw error("unterminated \(container)") }
        switch bytes[position] {
        case close: position += 1; return true
        case UInt8(ascii: ","): position += 1; return false
        default: throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
        }
    }

    /// A string starting at the opening quote; the common case, without escapes, is one copy.
    private mutating func string() throws(JSONValue.SyntaxError) -> String {
        position += 1
        let start = position
        while position < end, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
            guard bytes[position] >= 0x20 else { throw error("control character in a string") }
            position += 1
        }
        guard position < end else { throw error("unterminated string") }
        if bytes[position] == UInt8(ascii: "\"") {
            position += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self)
        }
        var utf8 = Array(bytes[start..<position])
        while bytes[position] == UInt8(ascii: "\\") {
            position += 1
            guard position < end else { throw error("unterminated string") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"): utf8.append(contentsOf: String(try unicodeScalar()).utf8)
            default: position -= 1; throw error("unknown escape")
            }
            while position < end, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
                guard bytes[position] >= 0x20 else { throw error("control character in a string") }
                utf8.append(bytes[position])
                position += 1
            }
            guard position < end else { throw error("unterminated string") }
        }
        position += 1
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The scalar of a `\u` escape (just read), joining a surrogate pair.
    private mutating func unicodeScalar() throws(JSONValue.SyntaxError) -> Character {
        let high = try hexQuad()
        if (0xD800..<0xDC00).contains(high), end - position >= 6, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
            let mark = position
            position += 2
            let low = try hexQuad()
            if (0xDC00..<0xE000).contains(low) {
                return Character(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!)
            }
            position = mark
        }
        return Character(Unicode.Scalar(high) ?? "\u{FFFD}")
    }

    private mutating func hexQuad() throws(JSONValue.SyntaxError) -> UInt32 {
        guard end - position >= 4 else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("bad hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// A number in JSON's grammar, checked here since `Double("inf")`, `Double("0x1p3")` and
    /// `Double("+1")` would succeed.
    private mutating func number() throws(JSONValue.SyntaxError) -> Double {
        let start = position
        func digits() -> Int {
            let first = position
            while position < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - first
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let whole = position
        guard digits() > 0 else { throw error("unexpected character") }
        guard bytes[whole] != UInt8(ascii: "0") || position == whole + 1 else { throw error("leading zero in a number") }
        if position < end, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("no digits after the decimal point") }
        }
        if position < end, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("no digits in the exponent") }
        }
        // Swift's parser is strtod in the C locale, correctly rounded.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw error("unreadable number") }
        return value
    }
}
