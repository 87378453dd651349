# govmedia — see README.md.
GO ?= go

.PHONY: run test bench build vet fmt

run:
	$(GO) run ./cmd/govmedia sandbox

build:
	$(GO) build -o govmedia ./cmd/govmedia

# The whole test suite. Storage tests use GOVMEDIA_TEST_DATABASE_URL if set,
# else a private PostgreSQL started from the machine's binaries.
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 25m ./...

# Every benchmark, ending with one markdown table (DESIGN.md §5).
bench:
	@GOVMEDIA_BENCH=1 $(GO) test -p 1 -count=1 -timeout 60m -run '^TestBench' -v ./... 2>&1 | tee /tmp/govmedia-bench.log | grep -v '^BENCHROW' | grep -E '^(---|ok|FAIL|panic|\s+bench)' || true
	@echo
	@echo '| name | value | unit | target | ok/short |'
	@echo '|---|---|---|---|---|'
	@grep -h '^BENCHROW' /tmp/govmedia-bench.log | sed 's/^BENCHROW //'

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)

fmt:
	gofmt -w $$(git ls-files '*.go')
