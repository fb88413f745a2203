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

# The Swift tests run with their temporary stores in a scratch folder removed afterwards (scripts/run-swift-tests.sh).
test: deps
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) scripts/run-swift-tests.sh
	scripts/e2e/run-all.sh $(BIN)

bench: deps
	$(SWIFT) build -c release
	.build/release/loyalnest bench ingest --orders 1000000 --runs 3

clean:
	rm -rf .build .demo
