import LRRunner

/// The zip Gradescope's "Configure Autograder" takes: `setup.sh` and `run_autograder` at
/// its root, lrgrade's files beside them (`AutograderBundle`). Gradescope unpacks it into
/// `/autograder/source`, runs `setup.sh` there as root when it builds the image (Ubuntu
/// 22.04 by default), copies `run_autograder` to `/autograder/run_autograder` and runs it
/// for each submission from `/autograder`.
public enum GradescopeAutograder {
    /// The zip's generated files; `options` are passed to `lrgrade autograder run` (the limits).
    public static func texts(options: [String]) -> [AutograderBundle.Text] {
        [AutograderBundle.Text(name: "setup.sh", contents: setup, executable: true),
         AutograderBundle.Text(name: "run_autograder", contents: runAutograder(options: options), executable: true)]
    }

    static var setup: String {
        """
        #!/usr/bin/env bash
        # Written by `lrgrade autograder gradescope`. Gradescope runs it once, as root, when it
        # builds the autograder's image: it installs only what grading needs.
        set -euo pipefail
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \(AutograderBundle.systemPackages.joined(separator: " "))
        python3 -m pip install --quiet --no-cache-dir \(AutograderBundle.pythonPackages.joined(separator: " "))
        \(AutograderBundle.permissions(folder: "/autograder/source/" + AutograderBundle.folder))
        chmod 755 /autograder/source/run_autograder
        """ + "\n"
    }

    static func runAutograder(options: [String]) -> String {
        """
        #!/usr/bin/env bash
        # Written by `lrgrade autograder gradescope`: grades the submission in ROOT/submission
        # and writes ROOT/results/results.json. Gradescope runs a copy of it as
        # /autograder/run_autograder, the files being in /autograder/source; run from the
        # unpacked zip (ROOT/source/run_autograder), it grades ROOT.
        set -euo pipefail
        case "$0" in */*) here="${0%/*}" ;; *) here=. ;; esac
        here="$(cd "$here" && pwd)"
        if [ -d "$here/\(AutograderBundle.folder)" ]; then source="$here"; else source="$here/source"; fi
        lrgrade="$source/\(AutograderBundle.folder)"
        exec "$lrgrade/bin/lrgrade" autograder run --platform gradescope --root "${source%/*}" \\
            --rubric "$lrgrade/\(AutograderBundle.rubricName)" --reference "$lrgrade/\(AutograderBundle.referenceName)"\(options.isEmpty ? "" : " " + ShellWords.line(options)) "$@"
        """ + "\n"
    }
}
