# rounds: `make site` builds the handbook into public/, `make test` runs every test.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: e2e build site test fmt-check vet deps-check tidy-check race counts fuzz bench clean sign-examples

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/rounds ./cmd/rounds

site: build
	bin/rounds build -s examples/handbook -d public

test: fmt-check vet deps-check tidy-check race counts e2e

# Browser tests (headless Chromium via playwright-core); they skip with a
# message when Chromium is missing, and fail instead when CI=true.
e2e: build e2e/node_modules
	cd e2e && node --test --test-timeout=1800000

e2e/node_modules: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	@touch e2e/node_modules

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

deps-check:
	$(GO) run ./scripts/depscheck

# go.mod and go.sum as `go mod tidy` would write them (a module imported
# directly is not marked // indirect, none is missing or unused).
tidy-check:
	$(GO) mod tidy -diff

# Tests that count what a build allocates skip themselves under -race
# (it makes sync.Pool drop items at random); they run here without it.
counts:
	$(GO) test -count=1 -run 'TestAttacksHaveBoundedCost|TestPathologicalMarkdownGrowth' ./generator

# -timeout is a guard against a hang, not a speed check: under the -race
# detector on a loaded 2-core machine the generator package alone passed
# go test's default 10 minutes (1,000-module builds looping beside it).
race:
	$(GO) test -race -count=1 -timeout 60m ./...

# Every fuzz target for FUZZTIME each: a count of runs by default, so that
# no deadline decides the result (scripts/fuzz.sh says why); a duration
# such as FUZZTIME=1m works too.
FUZZTIME ?= 20000x
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) sh scripts/fuzz.sh

bench:
	$(GO) run ./scripts/bench/main.go ./scripts/bench/incremental.go ./scripts/bench/searchbench.go $(BENCH_FLAGS)

# Re-sign the example sites with their demo keys after an edit (the keys are
# published on purpose; never use them for anything real).
SIGN_DATE ?= 2026-11-21
# The sepsis example's modules that are not translations: signed first, so
# that an edit voiding a source and its translations (people.toml) does not
# leave the translations refused for an unpublished source.
SEPSIS_SOURCES = $(shell cd examples/sepsis && find content -name '*.md' ! -name '_index*' | grep -vE '\.[a-z]{2,3}(-[A-Za-z0-9]+)*\.md$$' | sort)
sign-examples: build
	cd examples/sepsis && ../../bin/rounds review $(SEPSIS_SOURCES) --reviewer asmith --role medical --key demo-keys/asmith --now $(SIGN_DATE)
	cd examples/sepsis && ../../bin/rounds review $(SEPSIS_SOURCES) --reviewer rlee --role compliance --key demo-keys/rlee --now $(SIGN_DATE)
	cd examples/handbook && ../../bin/rounds review content --reviewer docs --role technical --key demo-keys/docs --now $(SIGN_DATE)
	cd examples/sepsis && ../../bin/rounds review content --reviewer asmith --role medical --key demo-keys/asmith --now $(SIGN_DATE)
	cd examples/sepsis && ../../bin/rounds review content --reviewer rlee --role compliance --key demo-keys/rlee --now $(SIGN_DATE)
	cd examples/handbook && ../../bin/rounds review --frame --reviewer docs --role technical --key demo-keys/docs --now $(SIGN_DATE)
	cd examples/sepsis && ../../bin/rounds review --frame --reviewer asmith --role medical --key demo-keys/asmith --now $(SIGN_DATE)
	cd examples/sepsis && ../../bin/rounds review --frame --reviewer rlee --role compliance --key demo-keys/rlee --now $(SIGN_DATE)

clean:
	rm -rf bin public
