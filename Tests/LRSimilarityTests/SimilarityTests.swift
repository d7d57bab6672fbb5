import Foundation
import Testing
@testable import LRSimilarity

@Suite("Similarity")
struct SimilarityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func fixture(_ path: String) -> String {
        try! String(contentsOf: root.appendingPathComponent("fixtures/submissions/" + path), encoding: .utf8)
    }
    static let handout = try! String(contentsOf: root.appendingPathComponent("templates/handout.py"), encoding: .utf8)

    /// `source` as a student hiding a copy writes it: every name the script defines renamed,
    /// indentation of 2 instead of 4, a comment after every third line, spaces around
    /// operators changed, and the first two imports swapped.
    static func disguised(_ source: String) -> String {
        var defined: [String] = []
        for match in source.matches(of: /(?m)^\s*(?:def\s+(\w+)|(\w+)\s*=[^=])/) {
            if let name = match.1 ?? match.2, !defined.contains(String(name)) { defined.append(String(name)) }
        }
        var text = source
        for (index, name) in defined.enumerated() where name.count > 1 {
            text = text.replacing(try! Regex("\\b\(name)\\b"), with: "renamed_\(index)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.firstIndex(where: { $0.hasPrefix("import ") }), lines.indices.contains(first + 1), lines[first + 1].hasPrefix("import ") {
            lines.swapAt(first, first + 1)
        }
        var result: [String] = []
        for (index, line) in lines.enumerated() {
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent).replacingOccurrences(of: " = ", with: "=").replacingOccurrences(of: ", ", with: ",")
            result.append(String(repeating: " ", count: indent / 2) + body)
            if index % 3 == 2 { result.append(String(repeating: " ", count: indent / 2) + "# step \(index)") }
        }
        return result.joined(separator: "\n")
    }

    @Test("renaming, reformatting and comments leave the tokens as they were")
    func tokensSurviveDisguise() {
        let source = "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))  # the logistic\n\nW = np.zeros((785, 1))\nlr = 0.1\n"
        let other = "import numpy as np\ndef logistic(t): return 1/(1+np.exp(-t))\n# weights\nweights = np.zeros( (785,1) )\nrate = 0.5\n"
        #expect(PythonTokens(source: source).tokens.map(\.code) == PythonTokens(source: other).tokens.map(\.code))
        // Strings, f-strings and numbers are their kinds; lines are counted through triple-quoted strings.
        let tokens = PythonTokens(source: "x = f'a{b}'\ny = \"\"\"one\ntwo\"\"\"\nz = 1.5e-3 + 0x1F\n").tokens
        #expect(tokens.map(\.line) == [1, 1, 1, 2, 2, 2, 4, 4, 4, 4, 4])
        #expect(tokens[2].code == tokens[5].code && tokens[8].code == tokens[10].code)
    }

    /// Winnowing as the paper states it, for every window: the set of (hash, position) selected.
    static func plainWinnowing(_ hashes: [UInt64], window: Int) -> Set<Int> {
        guard hashes.count >= window else { return hashes.isEmpty ? [] : [hashes.indices.min { (hashes[$0], -$0) < (hashes[$1], -$1) }!] }
        var positions = Set<Int>()
        for start in 0...(hashes.count - window) {
            let range = start..<(start + window)
            positions.insert(range.min { (hashes[$0], -$0) < (hashes[$1], -$1) }!)
        }
        return positions
    }

    @Test("fingerprints are winnowing's selections, and a shared run of k + w − 1 tokens always shares one", arguments: ["123456789.py", "styles/class_model.py", "styles/trainer_dicts.py"])
    func winnowing(_ path: String) {
        let tokens = PythonTokens(source: Self.fixture(path)).tokens
        let fingerprints = Fingerprints(tokens)
        let hashes = Fingerprints.kGramHashes(tokens)
        #expect(Set(fingerprints.selected.map(\.token)) == Self.plainWinnowing(hashes, window: Fingerprints.window))
        #expect(fingerprints.selected.allSatisfy { hashes[$0.token] == $0.hash })
        // Any run of k + w − 1 tokens taken from the script, put between other code, is found.
        let run = Fingerprints.k + Fingerprints.window - 1
        for start in stride(from: 0, to: tokens.count - run, by: 37) {
            let noise = PythonTokens(source: "while True:\n    pass\n").tokens
            let embedded = Fingerprints(noise + Array(tokens[start..<(start + run)]) + noise)
            #expect(!Set(embedded.selected.map(\.hash)).isDisjoint(with: fingerprints.selected.map(\.hash)), "\(path), tokens \(start)…")
        }
    }

    @Test("the pairs and their shared counts are those of plain set intersections after the same cut")
    func pairsAgainstPlainIntersections() {
        let names = ["123456789.py", "987654321.py", "styles/class_model.py", "styles/functions_main.py", "styles/mse_gradient.py",
                     "styles/bias_frozen.py", "styles/trainer_dicts.py", "styles/checkpoints.py"]
        let scripts = names.map(Self.fixture) + [Self.disguised(Self.fixture("styles/functions_main.py"))]
        let compared = ClassSimilarity(scripts: scripts, skeleton: Self.handout)
        // Plainly: each script's winnowed hashes, less the skeleton's k-grams and the hashes in
        // more than max(10, n / 10) scripts; every pair's intersection.
        let skeleton = Set(Fingerprints.kGramHashes(PythonTokens(source: Self.handout).tokens))
        let sets = scripts.map { Set(Fingerprints(PythonTokens(source: $0).tokens).selected.map(\.hash)).subtracting(skeleton) }
        let frequency = sets.flatMap { $0 }.reduce(into: [UInt64: Int]()) { $0[$1, default: 0] += 1 }
        let kept = sets.map { $0.filter { frequency[$0]! <= max(10, scripts.count / 10) } }
        var expected: [[Int]: (shared: Int, similarity: Double)] = [:]
        for a in kept.indices { for b in kept.indices where b > a {
            let shared = kept[a].intersection(kept[b]).count
            if shared > 0 { expected[[a, b]] = (shared, 2 * Double(shared) / Double(kept[a].count + kept[b].count)) }
        } }
        #expect(compared.pairs.count == expected.count)
        for pair in compared.pairs {
            let plain = expected[[pair.first, pair.second]]
            #expect(plain?.shared == pair.shared && plain?.similarity == pair.similarity, "\(pair.first)–\(pair.second)")
        }
        #expect(zip(compared.pairs, compared.pairs.dropFirst()).allSatisfy { $0.similarity >= $1.similarity })
    }

    @Test("a renamed, reformatted copy ranks far above independent solutions")
    func copyRanksFirst() throws {
        let original = Self.fixture("styles/functions_main.py")
        let independent = ["123456789.py", "styles/class_model.py", "styles/trainer_dicts.py", "styles/checkpoints.py", "styles/expit_runs.py"].map(Self.fixture)
        let copy = Self.disguised(original)
        #expect(copy != original)
        let similarity = ClassSimilarity(scripts: [original] + independent + [copy], skeleton: Self.handout)
        let best = try #require(similarity.pairs.first)
        #expect(best.first == 0 && best.second == independent.count + 1)
        #expect(best.similarity >= 0.8, "\(best)")
        let others = similarity.pairs.filter { $0.second != independent.count + 1 }
        #expect(others.allSatisfy { $0.similarity <= 0.35 }, "\(others.map { ($0.first, $0.second, $0.similarity) })")
        // Its fragments are line ranges of the two scripts, the largest first.
        let fragments = similarity.top(1)[0].fragments
        #expect(!fragments.isEmpty && fragments.count <= ClassSimilarity.fragmentsShown)
        let lines = (original.split(separator: "\n", omittingEmptySubsequences: false).count, copy.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(fragments.allSatisfy { $0.first.upperBound <= lines.0 && $0.second.upperBound <= lines.1 })
    }

    @Test("the handout's skeleton alone does not make two scripts similar")
    func skeletonIsSubtracted() {
        // Two students who both paste the handout's code and fill it in each their own way.
        let first = Self.handout + "\n" + "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\nfor epoch in range(100):\n    z = X_manual @ W\n    W -= lr * X_manual.T @ (sigmoid(z) - y_manual) / len(y_manual)\n"
        let second = Self.handout + "\n" + "import matplotlib.pyplot as plt\nplt.plot(train_loss_history, label='train')\nplt.plot(test_loss_history, label='test')\nplt.legend()\nplt.savefig('loss.png')\n"
        let similarity = ClassSimilarity(scripts: [first, second], skeleton: Self.handout)
        #expect((similarity.pairs.first?.similarity ?? 0) <= 0.1, "\(similarity.pairs)")
        // Without the subtraction, the same two would look alike.
        let unsubtracted = ClassSimilarity(scripts: [first, second], skeleton: "")
        #expect((unsubtracted.pairs.first?.similarity ?? 0) >= 0.5)
    }

    @Test("a notebook's code cells are its code; a script without code is compared with nothing")
    func notebooks() throws {
        let notebook = ##"{"cells": [{"cell_type": "markdown", "source": ["# Title"]}, {"cell_type": "code", "source": ["x = 1\n", "y = 2"], "outputs": []}, {"cell_type": "code", "source": "z = 3"}], "nbformat": 4}"##
        #expect(ScriptCode.code(of: Array(notebook.utf8), named: "a.ipynb") == "x = 1\ny = 2\n\nz = 3")
        #expect(ScriptCode.code(of: Array("{".utf8), named: "a.ipynb") == nil)
        let similarity = ClassSimilarity(scripts: [nil, Self.fixture("123456789.py"), nil], skeleton: Self.handout)
        #expect(similarity.pairs.isEmpty)
    }
}
