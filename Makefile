# LoyalNest — two commands on a fresh Debian machine:
#   make run    install what is missing, build, and open LoyalNest on the built-in demo store
#   make test   install what is missing, build, and run every test
SWIFT ?= swift
DEMO_DB ?= $(CURDIR)/.demo/loyalnest.sqlite
BIN = .build/debug/loyalnest

.PHONY: run test build deps bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

# Writes the demo store on first use (delete .demo/ for a fresh one), starts the loopback Shopify simulator in the
# background and opens the dashboard on the demo store, syncing from it live.
run: build
	@mkdir -p $(dir $(DEMO_DB))
	@[ -f $(DEMO_DB) ] || $(BIN) --db $(DEMO_DB) demo init
	@scripts/run-demo.sh $(BIN) $(DEMO_DB)

# The tests' temporary stores go to a scratch folder that is removed afterwards, pass or fail.
test: deps
	$(SWIFT) build --build-tests
	@scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/loyalnest-tests.XXXXXX") && \
	  echo "TMPDIR=$$scratch $(SWIFT) test --skip-build --parallel --num-workers 2" && \
	  TMPDIR=$$scratch $(SWIFT) test --skip-build --parallel --num-workers 2; status=$$?; rm -rf "$$scratch"; exit $$status
	scripts/e2e/run-all.sh $(BIN)

bench: deps
	$(SWIFT) build -c release
	.build/release/loyalnest bench ingest --orders 1000000 --runs 3

clean:
	rm -rf .build .demo
