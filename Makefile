# lrgrade: `make demo` solves the assignment on the bundled MNIST; `make test` runs the tests.
# Both install what is missing first (scripts/setup.sh).
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
LRGRADE = .build/release/lrgrade

.PHONY: setup build demo test bench clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build -c release

demo: build
	$(LRGRADE) solve --out out

# The tests run the release build: the parity tests train on all of MNIST 0/1, 3/8 and 9/4.
test: build
	$(SWIFT) test -c release --disable-xctest

# The benchmark suite: solve against the Python way (whole job and part by part), the
# runner's overhead, what capturing every scope adds to a script, a 200-submission class
# through `lrgrade grade`, 40 identical ones with the secret data variant and without it,
# two rounds of the styles fixtures, a class of 1,000 regraded from stored runs with its
# summary, similarity and class report, and a submission inside the Gradescope and
# PrairieLearn autograders; the multiclass kernel against the core's peak, and the
# multiclass job on one core and on all (about 40 minutes on 2 cores).
bench: build
	benchmarks/solve.py
	benchmarks/class_kernels.py
	benchmarks/multiclass_cores.py
	benchmarks/runner.py
	benchmarks/figures.py
	benchmarks/capture.py
	benchmarks/exports.py
	benchmarks/regrade.py
	benchmarks/autograder.py
	benchmarks/load.py
	benchmarks/load.py --identical --submissions 40
	benchmarks/load.py --identical --submissions 40 --secret-data off
	benchmarks/load.py --styles --submissions 36

clean:
	rm -rf .build out
