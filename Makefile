# vcdiag: the commands the README and CI use.
GO ?= go
STATICCHECK ?= $(shell $(GO) env GOPATH)/bin/staticcheck
STATICCHECK_VERSION = v0.8.2

.PHONY: build test fmt-check vet staticcheck unit fuzz bench

build:
	$(GO) build -o bin/vcdiag ./cmd/vcdiag

# test is the README's test command and what .ci/run calls.
test: fmt-check vet staticcheck unit

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

unit:
	$(GO) test -race -count=1 ./...

# fuzz runs every fuzz target for FUZZTIME each (default 60s).
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg || exit 1; \
	  done; \
	done

# bench runs the parser benchmarks (generate large inputs first with
# python3 ../shared/bench/gen_outputs.py).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./parsers/...
