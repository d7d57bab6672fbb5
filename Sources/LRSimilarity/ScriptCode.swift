import Foundation

/// The code of a submitted script as the similarity reads it: a `.py` as it is, a Jupyter
/// notebook's code cells in order (its outputs, which differ from run to run, left out).
public enum ScriptCode {
    /// The code in `bytes`, the file named `name`; nil for a notebook that is not one.
    public static func code(of bytes: [UInt8], named name: String) -> String? {
        guard name.lowercased().hasSuffix(".ipynb") else { return String(decoding: bytes, as: UTF8.self) }
        guard let notebook = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let cells = notebook["cells"] as? [[String: Any]] else { return nil }
        return cells.filter { $0["cell_type"] as? String == "code" }.map { cell in
            // nbformat 4 keeps a cell's source as a list of lines or as one string.
            (cell["source"] as? [String])?.joined() ?? cell["source"] as? String ?? ""
        }.joined(separator: "\n\n")
    }
}
