import ArgumentParser

struct Autograder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autograder",
        abstract: "Grade on Gradescope or PrairieLearn: build the autograder, and grade one submission inside it.",
        discussion: """
        `autograder gradescope` writes the zip Gradescope's "Configure Autograder" takes; \
        `autograder prairielearn` writes an external grader (Dockerfile, entrypoint, info.json). \
        Both carry this lrgrade binary, the data, the rubric and a precomputed reference. Inside \
        the platform's container, `autograder run` grades the one submission there and writes \
        the platform's results.json.

        Documentation: docs/platforms.md
        """,
        subcommands: [AutograderGradescope.self, AutograderPrairieLearn.self, AutograderRun.self]
    )
}
