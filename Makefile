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

# Until the dashboard exists (issue 3), `make run` writes the demo store and prints its summary and a journey.
run: build
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN) --db $(DEMO_DB) demo init --force
	$(BIN) --db $(DEMO_DB) doctor
	$(BIN) --db $(DEMO_DB) customer show 1 --limit 10

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

bench: deps
	$(SWIFT) build -c release
	.build/release/loyalnest bench ingest --orders 1000000

clean:
	rm -rf .build .demo
