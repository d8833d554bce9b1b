# vcdiag: the commands the README and CI use.
GO ?= go
STATICCHECK ?= $(shell $(GO) env GOPATH)/bin/staticcheck
STATICCHECK_VERSION = v0.8.2

.PHONY: build test fmt-check vet staticcheck unit fuzz bench man

# -buildvcs=auto (the go command's default) stamps the git commit into the
# binary for `vcdiag version` and reports, even where GOFLAGS says
# -buildvcs=false; outside a git checkout it stamps nothing and still builds.
build:
	$(GO) build -buildvcs=auto -o bin/vcdiag ./cmd/vcdiag

# man writes one man page per command into bin/man, from the --help texts
# (install: cp bin/man/*.1 /usr/local/share/man/man1/).
man:
	$(GO) run ./cmd/vcdiag man bin/man

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

# cmd/vcdiag runs live demos against every platform's simulated CPE under
# the race detector: more than go test's default 10 minutes on a loaded
# 2-core machine.
unit:
	$(GO) test -race -count=1 -timeout 30m ./...

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
