import Foundation
import Testing

/// The README and `docs/` as a reader follows them: every relative link leads to a file (and
/// heading) that exists, and the quick start's commands are what the Makefile and CI run.
@Suite("documentation")
struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// README.md and every page in docs/, as paths relative to the root.
    static let pages: [String] = {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The lines outside fenced code blocks: links and headings inside them are examples.
    static func prose(_ text: String) -> [Substring] {
        var inCode = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            if line.hasPrefix("```") { inCode.toggle(); return false }
            return !inCode
        }
    }

    /// The anchors GitHub gives a page's headings: lowercased, letters, digits, `-` and `_`
    /// kept, spaces made `-`, everything else dropped; a repeated heading gets `-1`, `-2`, ….
    static func anchors(_ text: String) -> Set<String> {
        var seen: [String: Int] = [:]
        var anchors = Set<String>()
        for line in prose(text) where line.hasPrefix("#") {
            let title = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            var slug = ""
            for character in title.lowercased() {
                if character == " " { slug.append("-") }
                else if character == "-" || character == "_" || character.isLetter || character.isNumber { slug.append(character) }
            }
            let count = seen[slug, default: 0]
            seen[slug] = count + 1
            anchors.insert(count == 0 ? slug : "\(slug)-\(count)")
        }
        return anchors
    }

    /// Every `[text](target)` in a page's prose whose target is not a URL.
    static func relativeLinks(_ text: String) -> [String] {
        let pattern = /\]\(([^)\s]+)\)/
        return prose(text).flatMap { line in line.matches(of: pattern).map { String($0.output.1) } }
            .filter { !$0.contains("://") && !$0.hasPrefix("mailto:") }
    }

    @Test("the pages exist: the README and one page per concern")
    func pagesExist() {
        for page in ["README.md", "docs/grading.md", "docs/sandbox.md", "docs/formats.md", "docs/performance.md",
                     "docs/architecture.md", "docs/parity.md", "docs/platforms.md", "docs/lms.md", "docs/solver.md", "docs/testing.md"] {
            #expect(Self.pages.contains(page), "\(page) is missing")
        }
    }

    @Test("every relative link points at a file that exists, and at a heading of it that exists")
    func linksResolve() throws {
        var checked = 0
        for page in Self.pages {
            let folder = URL(fileURLWithPath: page).deletingLastPathComponent().relativePath
            for link in Self.relativeLinks(try Self.text(page)) {
                checked += 1
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let file = parts[0].isEmpty ? page : URL(fileURLWithPath: folder == "." ? parts[0] : folder + "/" + parts[0]).standardized.relativePath
                let target = Self.root.appendingPathComponent(file).path
                #expect(FileManager.default.fileExists(atPath: target), "\(page): link \(link) points at \(file), which does not exist")
                if parts.count == 2, file.hasSuffix(".md"), FileManager.default.fileExists(atPath: target) {
                    #expect(Self.anchors(try Self.text(file)).contains(parts[1]), "\(page): link \(link): \(file) has no heading #\(parts[1])")
                }
            }
        }
        #expect(checked >= 20, "only \(checked) links found: is the link pattern still right?")
    }

    @Test("the anchors follow GitHub's rule")
    func anchorRule() {
        let page = "# The reference PDF and `lrgrade report`\n## `reference.json`\n```\n# not a heading\n```\n## Notes\n## Notes\n"
        #expect(Self.anchors(page) == ["the-reference-pdf-and-lrgrade-report", "referencejson", "notes", "notes-1"])
    }

    @Test("the quick start's commands are Makefile targets, and CI runs the README's test command")
    func quickStart() throws {
        let readme = try Self.text("README.md")
        let section = try #require(readme.range(of: "## Quick start").map { readme[$0.upperBound...] })
        let block = try #require(section.firstMatch(of: /```sh\n([\s\S]*?)```/)).output.1
        let commands = block.split(separator: "\n").map { $0.split(separator: "#")[0].trimmingCharacters(in: .whitespaces) }
        #expect(commands == ["make demo", "make test"])
        let makefile = try Self.text("Makefile")
        for command in commands {
            let target = command.dropFirst("make ".count)
            #expect(makefile.split(separator: "\n").contains { $0.hasPrefix(target + ":") }, "the Makefile has no target \(target)")
        }
        let ci = try Self.text(".ci/run").split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("set ") && !$0.hasPrefix("cd ") && !$0.isEmpty }
        #expect(ci == ["make test"], "CI runs \(ci), not the README's test command")
    }

    @Test("the Kubernetes manifests agree: as many completions as shards, pod K grading shard K+1, the merge on the same volumes")
    func kubernetes() throws {
        let shards = try String(contentsOf: Self.root.appendingPathComponent("docs/kubernetes/shards-job.yaml"), encoding: .utf8)
        let merge = try String(contentsOf: Self.root.appendingPathComponent("docs/kubernetes/merge-job.yaml"), encoding: .utf8)
        let completions = try #require(shards.firstMatch(of: /completions: (\d+)/).map { Int($0.1) })
        let parallelism = try #require(shards.firstMatch(of: /parallelism: (\d+)/).map { Int($0.1) })
        let shard = try #require(shards.firstMatch(of: /--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/(\d+)"/).map { Int($0.1) })
        #expect(completions == shard && parallelism == shard && shards.contains("completionMode: Indexed"))
        let out = try #require(shards.firstMatch(of: /--out (\/\S+)/).map { String($0.1) })
        let submissions = try #require(shards.firstMatch(of: /bin\/lrgrade grade (\S+)/).map { String($0.1) })
        #expect(merge.contains("\"gradebook\", \"\(out)\", \"--submissions\", \"\(submissions)\""), "the merge reads what the shards wrote")
        for claim in ["claimName: lrgrade-class", "claimName: lrgrade-results"] { #expect(shards.contains(claim) && merge.contains(claim)) }
    }

    @Test("the README stays short")
    func readmeLength() throws {
        let lines = try Self.text("README.md").split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 250, "README.md has \(lines) lines")
    }
}
