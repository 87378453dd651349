# govmedia — see README.md.
GO ?= go

.PHONY: run test test-chaos bench fuzz build vet fmt

run:
	$(GO) run ./cmd/govmedia sandbox

build:
	$(GO) build -o govmedia ./cmd/govmedia

# The whole test suite, then a short run of every fuzz target (500 inputs
# each: a count, not a time, which a slow machine could spend before the
# target has read its seeds). Storage tests use GOVMEDIA_TEST_DATABASE_URL
# if set, else a private PostgreSQL started from the machine's binaries.
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 25m ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=500x

# The crash and fault suite in its long form: serve killed with SIGKILL at
# 20 and more seeded moments, PostgreSQL restarted under load, upstream
# faults, three replicas (see cmd/govmedia/chaos_*_test.go). `make test`
# runs the kill test's short form. CHAOS_SEED repeats a run (each test logs
# its seed); GOVMEDIA_CHAOS_FAULT_EVERY sets the share of faulty calls.
test-chaos:
	@GOVMEDIA_CHAOS=1 GOVMEDIA_CHAOS_SEED=$(CHAOS_SEED) $(GO) test -count=1 -timeout 60m -v -run "$(CHAOS_TESTS)" ./cmd/govmedia/ > /tmp/govmedia-chaos.log 2>&1; \
	status=$$?; \
	grep -Ev '^\s+time=' /tmp/govmedia-chaos.log; \
	exit $$status
CHAOS_TESTS = ^(TestKilledServeLosesNothingAndDoesNothingTwice|TestPostgresRestartedUnderLoad|TestUpstreamFaults|TestThreeReplicas)

# Every benchmark, ending with one markdown table (DESIGN.md §5). It fails
# when a benchmark fails, is skipped, or prints no row: a figure that could
# not be measured is not left out quietly.
bench:
	@GOVMEDIA_BENCH=1 $(GO) test -p 1 -count=1 -timeout 60m -run '^TestBench' -v ./... > /tmp/govmedia-bench.log 2>&1; \
	status=$$?; \
	grep -v '^BENCHROW' /tmp/govmedia-bench.log | grep -E '^(---|ok|FAIL|panic|\s+bench)'; \
	echo; \
	echo '| name | value | unit | target | ok/short |'; \
	echo '|---|---|---|---|---|'; \
	grep -h '^BENCHROW' /tmp/govmedia-bench.log | sed 's/^BENCHROW //'; \
	if grep -q -- '--- SKIP: TestBench' /tmp/govmedia-bench.log; then echo 'a benchmark was skipped:'; grep -- '--- SKIP: TestBench' /tmp/govmedia-bench.log; status=1; fi; \
	if ! grep -q '^BENCHROW' /tmp/govmedia-bench.log; then echo 'no benchmark printed a row'; status=1; fi; \
	exit $$status

# Every fuzz target of the repository (func Fuzz… in a _test.go file), each
# for FUZZTIME; the normal test run only replays their seed corpora. A
# failing input is kept under the package's testdata/fuzz to replay.
FUZZTIME ?= 1m
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
		for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "$$(dirname $$f) $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$(dirname $$f); \
		done; \
	done

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)

fmt:
	gofmt -w $$(git ls-files '*.go')
