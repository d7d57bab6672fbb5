import Foundation
import Testing
@testable import LRRunner

/// `JSONValue(parsing:)` against Foundation's decoder on random documents, and on the
/// corners of the grammar that captures meet: Python's floats, escapes, hostile files.
@Suite("Reading JSON")
struct JSONParsingTests {
    /// The plain implementation: Foundation's JSONDecoder, one type attempt after another.
    struct Plain: Decodable {
        var value: JSONValue
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { value = .null }
            else if let bool = try? container.decode(Bool.self) { value = .bool(bool) }
            else if let number = try? container.decode(Double.self) { value = .number(number) }
            else if let string = try? container.decode(String.self) { value = .string(string) }
            else if let items = try? container.decode([Plain].self) { value = .array(items.map(\.value)) }
            else { value = .object(try container.decode([String: Plain].self).mapValues(\.value)) }
        }
    }

    /// A random document and its text, numbers written as Python's `repr` and Swift's
    /// `description` write them (shortest digits that round-trip).
    static func document(depth: Int, using generator: inout some RandomNumberGenerator) -> (value: JSONValue, text: String) {
        func quoted(_ text: String) -> String {
            "\"" + text.unicodeScalars.map { scalar in
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case _ where scalar.value > 0x7F: String(format: "\\u%04x", scalar.value)
                default: String(scalar)
                }
            }.joined() + "\""
        }
        switch Int.random(in: depth > 3 ? 0...3 : 0...5, using: &generator) {
        case 0:
            let number = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            let value = number.isFinite ? number : Double(Int.random(in: -99_999...99_999, using: &generator))
            return (.number(value), value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)")
        case 1:
            let text = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in "aé\"\\\n z€".randomElement(using: &generator)! })
            return (.string(text), quoted(text))
        case 2:
            let flag = Bool.random(using: &generator)
            return Bool.random(using: &generator) ? (.bool(flag), "\(flag)") : (.null, "null")
        case 3:
            let value = Double.random(in: -1...1, using: &generator)
            return (.number(value), "\(value)")
        case 4:
            let items = (0..<Int.random(in: 0...5, using: &generator)).map { _ in document(depth: depth + 1, using: &generator) }
            return (.array(items.map(\.value)), "[" + items.map(\.text).joined(separator: ", ") + "]")
        default:
            var fields: [String: JSONValue] = [:]
            var parts: [String] = []
            for index in 0..<Int.random(in: 0...5, using: &generator) {
                let item = document(depth: depth + 1, using: &generator)
                fields["k\(index)"] = item.value
                parts.append("\(quoted("k\(index)")):\(item.text)")
            }
            return (.object(fields), " {\n" + parts.joined(separator: ",\t") + "}\r\n")
        }
    }

    @Test("random documents read the same as through JSONDecoder, numbers bit for bit")
    func randomDocuments() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let (value, text) = Self.document(depth: 0, using: &generator)
            let parsed = try JSONValue(parsing: Array(text.utf8))
            #expect(parsed == value, "\(text)")
            #expect(parsed == (try JSONDecoder().decode(Plain.self, from: Data(text.utf8))).value, "\(text)")
        }
    }

    @Test("Python's float spellings come back to the same bits")
    func pythonFloats() throws {
        let cases: [(String, Double)] = [
            ("0.1", 0.1), ("1e-05", 1e-5), ("-0.0", -0.0), ("5e-324", .leastNonzeroMagnitude),
            ("1.7976931348623157e+308", .greatestFiniteMagnitude), ("0.6931471805599453", log(2.0)), ("12665", 12665), ("2.5E3", 2500),
        ]
        for (text, expected) in cases {
            let numbers = try JSONValue(parsing: Array("[\(text)]".utf8)).numbers
            #expect(numbers?.first?.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    @Test("escapes, surrogate pairs and lone surrogates")
    func escapes() throws {
        let text = #""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud800x""#
        #expect(try JSONValue(parsing: Array(text.utf8)) == .string("a\"b\\c/d\u{8}\u{c}\n\r\té😀\u{FFFD}x"))
        #expect(try JSONValue(parsing: Array(#"{"k": 1, "k": 2}"#.utf8)) == .object(["k": .number(2)]))
    }

    @Test("text that is not JSON is one error saying what is wrong", arguments: [(String, String)](arrayLiteral:
        ("", "unexpected end of text"), ("[1,", "unexpected end of text"), ("[1 2]", "expected ',' or ']'"),
        (#"{"a" 1}"#, "expected ':'"), ("{1: 2}", "expected a string key"), ("01", "leading zero in a number"),
        ("1.", "no digits after the decimal point"), ("1e", "no digits in the exponent"), ("-", "unexpected character"),
        ("+1", "unexpected character"), ("NaN", "unexpected character"), ("inf", "unexpected character"), ("nul", "unknown literal"),
        ("[1] x", "unexpected text after the value"), (#""abc"#, "unterminated string"), ("\"a\u{1}\"", "control character in a string"),
        (#""\x""#, "unknown escape"), (#""\u12G4""#, #"bad hex digit in a \u escape"#),
    ))
    func syntaxErrors(text: String, reason: String) {
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue(parsing: Array(text.utf8)) }
        do { _ = try JSONValue(parsing: Array(text.utf8)) } catch { #expect(error.reason == reason, "\(text)") }
    }

    @Test("the error says where reading stopped")
    func offset() {
        #expect(throws: JSONValue.SyntaxError(offset: 3, reason: "expected ',' or ']'")) { try JSONValue(parsing: Array("[1 2]".utf8)) }
        #expect(throws: JSONValue.SyntaxError(offset: 9, reason: "unknown escape")) { try JSONValue(parsing: Array(#"{"a": "b\q"}"#.utf8)) }
    }

    @Test("nesting is bounded, so a hostile file cannot exhaust the stack")
    func depth() throws {
        let deepest = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect(try JSONValue(parsing: Array(deepest.utf8)).shape != nil)
        let deeper = String(repeating: "[", count: 100_000)
        do { _ = try JSONValue(parsing: Array(deeper.utf8)); Issue.record("no error") } catch {
            #expect(error.reason == "nested deeper than \(JSONValue.maximumDepth) levels")
        }
    }

    @Test("a capture file reads into its fields; anything else is no capture")
    func capture() {
        let text = #"{"status": "exit", "exit_code": 3, "printed": ["hi"], "variables": {"lr": 0.1}, "candidates": {}, "resources": {"cpu_seconds": 1.5, "peak_memory_bytes": 1024}}"#
        let capture = Capture(parsing: Data(text.utf8))
        #expect(capture?.status == "exit")
        #expect(capture?.exitCode == 3)
        #expect(capture?.printed == ["hi"])
        #expect(capture?.variables["lr"] == .number(0.1))
        #expect(capture?.resources?.peakMemoryBytes == 1024)
        #expect(Capture(parsing: Data(#"{"status": "finished"}"#.utf8)) == nil)
        #expect(Capture(parsing: Data("garbage".utf8)) == nil)
    }
}
