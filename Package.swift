// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "lrgrade",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lrgrade", targets: ["lrgrade"]),
        .library(name: "LRSolver", targets: ["LRSolver"]),
        .library(name: "LRReport", targets: ["LRReport"]),
        .library(name: "LRRunner", targets: ["LRRunner"]),
        .library(name: "LRGrading", targets: ["LRGrading"]),
        .library(name: "LRExports", targets: ["LRExports"]),
        .library(name: "LRPlatforms", targets: ["LRPlatforms"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The rubric is YAML.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // SHA-256 of what grades and stored runs depend on.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // libdeflate: whole-buffer gzip/deflate, three times faster than zlib on MNIST.
        .systemLibrary(
            name: "CLibDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        // Cairo 2D graphics: the PDF reports.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        // Reading MNIST (IDX, gzip, npz) and preparing a digit pair.
        .target(name: "LRData", dependencies: ["CLibDeflate"]),
        // Kernels in C with AVX-512 (gather, compaction, cross-entropy), for the processors that have them (chosen at run time).
        .target(name: "CGather"),
        // Logistic regression numerics: design matrix kernels, gradient descent, L-BFGS, metrics.
        .target(name: "LRNumerics", dependencies: ["LRData", "CGather"]),
        // The reference solution of the assignment and its JSON contract.
        .target(name: "LRSolver", dependencies: ["LRData", "LRNumerics"]),
        // pipe2 and posix_spawn's closefrom, which Swift's Glibc module does not declare.
        .target(name: "CProcess"),
        // Running students' scripts: sandbox, limits, capture.
        .target(name: "LRRunner", dependencies: ["CProcess"]),
        // Grading a submission against the reference: rubric, criteria, gradebook.
        .target(
            name: "LRGrading",
            dependencies: ["LRData", "LRNumerics", "LRSolver", "LRRunner", "LRSimilarity", .product(name: "Yams", package: "Yams"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The PDFs: drawing primitives on Cairo, the reference report and the feedback report.
        .target(name: "LRReport", dependencies: ["LRSolver", "LRGrading", "LRClassSummary", "CCairo"]),
        // How alike a class's scripts are: tokens, winnowed fingerprints, pairs.
        .target(name: "LRSimilarity"),
        // The class at a glance, from the students' stored records: summary.json's numbers.
        .target(name: "LRClassSummary", dependencies: ["LRGrading", "LRSimilarity"]),
        // Classes as learning-management systems export them.
        .target(name: "LRExports", dependencies: ["LRData", "LRGrading", "LRRunner", .product(name: "Yams", package: "Yams")]),
        // Grading where classes are graded: Gradescope's autograder and PrairieLearn's
        // external grader, their files and their results.
        .target(name: "LRPlatforms", dependencies: ["LRData", "LRGrading", "LRRunner", "LRExports"]),
        // A class shared between machines: shards, and a Slurm job array with its merge job.
        .target(name: "LRCluster", dependencies: ["LRRunner"]),
        .executableTarget(
            name: "lrgrade",
            dependencies: [
                "LRData",
                "LRSolver",
                "LRReport",
                "LRRunner",
                "LRGrading",
                "LRExports",
                "LRClassSummary",
                "LRPlatforms",
                "LRCluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked in (docs/platforms.md): the binary then
            // runs on any system with glibc 2.35 and the C libraries, an autograder's image or
            // a cluster's node. Only the link changes, so the tests' build is this one too.
            // The static Foundation's libraries are named, in link order, since modules compiled
            // for the shared runtime (as the tests need) do not ask for them.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials",
                                           "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lstdc++"])]
        ),
        .testTarget(name: "LRDataTests", dependencies: ["LRData", "CLibDeflate"]),
        .testTarget(name: "LRNumericsTests", dependencies: ["LRNumerics", "CGather"]),
        .testTarget(name: "LRSolverTests", dependencies: ["LRSolver"]),
        .testTarget(name: "LRReportTests", dependencies: ["LRReport", "LRSolver"]),
        .testTarget(name: "LRRunnerTests", dependencies: ["LRRunner"]),
        // The README and docs/: links that resolve, a quick start that matches the Makefile and CI.
        .testTarget(name: "DocumentationTests"),
        .testTarget(name: "LRGradingTests", dependencies: ["LRGrading", "LRReport", "LRSolver", "LRRunner", "LRExports", "LRClassSummary"]),
        .testTarget(name: "LRExportsTests", dependencies: ["LRExports", "LRGrading"]),
        .testTarget(name: "LRSimilarityTests", dependencies: ["LRSimilarity"]),
        .testTarget(name: "LRPlatformsTests", dependencies: ["LRPlatforms", "LRGrading"]),
        .testTarget(name: "LRClusterTests", dependencies: ["LRCluster"]),
    ]
)
