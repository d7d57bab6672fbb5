import LRRunner
import Synchronization

/// Folders the command made for itself (the secret variant of the data, 55 MB), removed
/// however it ends: normally, on an error (`LRGrade.fail`) or on Ctrl-C.
enum TemporaryFolders {
    private static let folders = Mutex<[String]>([])

    static func add(_ folder: String) { folders.withLock { $0.append(folder) } }

    static func removeAll() {
        for folder in folders.withLock({ folders in defer { folders = [] }; return folders }) { FileTree.remove(folder) }
    }
}
