import Foundation
import Testing
import LRData

/// Blocked gzip (BGZF): the bundled files, decoded on all cores, and damaged ones.
@Suite("Blocked gzip")
struct BlockedGzipTests {
    /// A scratch copy of the tiny blocked folder with `change` made to one file.
    private func damaged(_ name: String, from source: String = "idx-bgzf", _ change: (inout [UInt8]) -> Void) throws -> URL {
        let folder = try Fixtures.scratchFolder()
        for file in MNISTDataset.idxFileNames {
            try FileManager.default.copyItem(at: Fixtures.tiny.appendingPathComponent("\(source)/\(file).gz"), to: folder.appendingPathComponent("\(file).gz"))
        }
        let url = folder.appendingPathComponent(name)
        var bytes = [UInt8](try Data(contentsOf: url))
        change(&bytes)
        try Data(bytes).write(to: url)
        return folder
    }

    /// The length of the blocked member at `offset`, from its `BC` field.
    private func memberLength(_ bytes: [UInt8], at offset: Int) -> Int {
        Int(bytes[offset + 16]) | Int(bytes[offset + 17]) << 8 + 1
    }

    @Test("the bundled files are blocked and decode to the original MNIST, as Python's gzip reads them")
    func bundledMatchesPython() throws {
        let data = try MNISTDataset(contentsOf: Fixtures.mnist.path)
        // Python decodes with zlib, and checks the decoded files against SHA256SUMS.idx.
        let script = """
            import gzip, hashlib, pathlib, sys
            folder = pathlib.Path(sys.argv[1])
            sums = dict(line.split()[::-1] for line in (folder / "SHA256SUMS.idx").read_text().splitlines())
            for name in sys.argv[2:]:
                data = gzip.open(folder / (name + ".gz")).read()
                if hashlib.sha256(data).hexdigest() != sums[name]: sys.exit(name + " differs from SHA256SUMS.idx")
                sys.stdout.buffer.write(data)
            """
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Fixtures.mnist.path] + MNISTDataset.idxFileNames
        process.standardOutput = output
        try process.run()
        let python = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let decoded: [[UInt8]] = [Array(data.train.pixels), data.train.labels, Array(data.test.pixels), data.test.labels]
        let headers = [16, 8, 16, 8]
        var at = 0
        for (contents, header) in zip(decoded, headers) {
            #expect(python.count >= at + header + contents.count)
            guard python.count >= at + header + contents.count else { return }
            #expect(Array(python[(at + header)..<(at + header + contents.count)]) == contents)
            at += header + contents.count
        }
        #expect(at == python.count)

        let images = [UInt8](try Data(contentsOf: Fixtures.mnist.appendingPathComponent("train-images-idx3-ubyte.gz")))
        #expect(images[3] & 4 != 0 && images[12] == 0x42 && images[13] == 0x43, "the bundled training images are not blocked")
        #expect(memberLength(images, at: 0) < 1 << 16)
    }

    @Test("a damaged member is named by its position")
    func damagedMember() throws {
        var second = 0
        let folder = try damaged("train-images-idx3-ubyte.gz") { bytes in
            second = memberLength(bytes, at: 0)
            bytes[second + 40] ^= 0xFF
        }
        let error = try #require(Fixtures.problem(loading: folder))
        #expect(error.problem == .corruptCompression("gzip member at byte \(second): the stream is truncated or damaged"))
        #expect(error.file.hasSuffix("train-images-idx3-ubyte.gz"))
    }

    @Test("a member length that runs past the end, and a truncated file")
    func overrun() throws {
        let folder = try damaged("t10k-images-idx3-ubyte.gz") { $0[16] = 0xFF; $0[17] = 0xFF }
        #expect(Fixtures.problem(loading: folder)?.problem == .corruptCompression("blocked gzip member at byte 0 is damaged or runs past the end of the file"))

        var last = 0
        let truncated = try damaged("t10k-images-idx3-ubyte.gz") { bytes in
            bytes.removeLast(40)  // all of the empty last member and part of the one before
            while last + memberLength(bytes, at: last) < bytes.count { last += memberLength(bytes, at: last) }
        }
        #expect(Fixtures.problem(loading: truncated)?.problem == .corruptCompression("blocked gzip member at byte \(last) is damaged or runs past the end of the file"))
    }

    @Test("a member that announces more than DEFLATE can encode is refused before any allocation")
    func impossibleSize() throws {
        var length = 0
        let folder = try damaged("train-labels-idx1-ubyte.gz") { bytes in
            length = memberLength(bytes, at: 0)
            bytes.replaceSubrange((length - 4)..<length, with: [0xFF, 0xFF, 0xFF, 0x7F])
        }
        #expect(Fixtures.problem(loading: folder)?.problem == .corruptCompression(
            "the gzip member at byte 0 announces \(Int32.max) bytes from \(length), more than DEFLATE can encode"))
    }

    @Test("several gzip members without their lengths are refused, not half read")
    func unblockedMembers() throws {
        let folder = try damaged("train-labels-idx1-ubyte.gz", from: "idx-gz") { $0 += $0 }
        #expect(Fixtures.problem(loading: folder)?.problem == .corruptCompression(
            "the file holds more than one gzip member and is not blocked (BGZF); only those two kinds are read"))
    }
}
