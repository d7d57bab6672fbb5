import LRRunner

/// An external grader for PrairieLearn: a `Dockerfile` on Ubuntu 22.04 (Gradescope's
/// image, the system the binary is checked against) that installs what grading needs and
/// copies lrgrade's files (`AutograderBundle`) to `/opt/lrgrade`; the entrypoint
/// `lrgrade/run_grader`; and `info.json`, the question's `externalGradingOptions` to merge.
/// PrairieLearn runs the image with the student's files in `/grade/student` and reads
/// `/grade/results/results.json`.
public enum PrairieLearnGrader {
    /// Where the Dockerfile puts lrgrade's files in the image.
    public static let installed = "/opt/lrgrade"

    /// The folder's generated files. `options` are passed to `lrgrade autograder run` (the
    /// limits); `timeout` is the job's, in seconds (PrairieLearn allows at most 600).
    public static func texts(options: [String], image: String, timeout: Int) -> [AutograderBundle.Text] {
        [AutograderBundle.Text(name: "Dockerfile", contents: dockerfile, executable: false),
         AutograderBundle.Text(name: AutograderBundle.folder + "/run_grader", contents: runGrader(options: options), executable: true),
         AutograderBundle.Text(name: "info.json", contents: info(image: image, timeout: timeout), executable: false)]
    }

    static var dockerfile: String {
        """
        # Written by `lrgrade autograder prairielearn`. Build and push it, then name the image in
        # the question's info.json (see info.json beside this file):
        #   docker build -t YOUR_REGISTRY/lrgrade-grader . && docker push YOUR_REGISTRY/lrgrade-grader
        FROM ubuntu:22.04
        RUN apt-get update -qq \\
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \(AutograderBundle.systemPackages.joined(separator: " ")) \\
            && rm -rf /var/lib/apt/lists/* \\
            && python3 -m pip install --quiet --no-cache-dir \(AutograderBundle.pythonPackages.joined(separator: " "))
        COPY \(AutograderBundle.folder) \(installed)
        RUN \(AutograderBundle.permissions(folder: installed).replacingOccurrences(of: "\n", with: " && "))
        """ + "\n"
    }

    static func runGrader(options: [String]) -> String {
        """
        #!/usr/bin/env bash
        # Written by `lrgrade autograder prairielearn`: the image's entrypoint. Grades the
        # student's files in /grade/student and writes /grade/results/results.json
        # (another root for a test: run_grader --root DIR).
        set -euo pipefail
        case "$0" in */*) lrgrade="${0%/*}" ;; *) lrgrade=. ;; esac
        lrgrade="$(cd "$lrgrade" && pwd)"
        exec "$lrgrade/bin/lrgrade" autograder run --platform prairielearn \\
            --rubric "$lrgrade/\(AutograderBundle.rubricName)" --reference "$lrgrade/\(AutograderBundle.referenceName)"\(options.isEmpty ? "" : " " + ShellWords.line(options)) "$@"
        """ + "\n"
    }

    static func info(image: String, timeout: Int) -> String {
        """
        {
          "externalGradingOptions": {
            "enabled": true,
            "image": "\(image)",
            "entrypoint": "\(installed)/run_grader",
            "timeout": \(timeout)
          }
        }
        """ + "\n"
    }
}
