import Testing
import LRGrading

@Suite("Input hash")
struct InputHashTests {
    static func digest(_ bytes: [UInt8], chunk: Int) -> String {
        var hash = InputHash()
        var start = 0
        while start < bytes.count {
            hash.update(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        return hash.finalize()
    }

    @Test("SHA-256's FIPS 180-4 test vectors, fed whole and in odd pieces", arguments: [1, 7, 64, 1000])
    func vectors(_ chunk: Int) {
        #expect(Self.digest([], chunk: chunk) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.digest(Array("abc".utf8), chunk: chunk) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), chunk: chunk)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), chunk: chunk * 997)
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("fields cannot run into each other")
    func fields() {
        func hash(_ fields: [String]) -> String {
            var hash = InputHash()
            for field in fields { hash.update(field: field) }
            return hash.finalize()
        }
        #expect(hash(["a", "bc"]) != hash(["ab", "c"]))
        #expect(hash(["a", "bc"]) == hash(["a", "bc"]))
        #expect(hash([""]) != hash([]))
    }
}
