# Hợp Tác: the two commands are `make run` and `make test`.
#
# Builds go to a target directory outside the checkout so that reruns and
# fresh clones share compiled dependencies; override with CARGO_TARGET_DIR.

CARGO_TARGET_DIR ?= $(HOME)/.cache/hoptac/target
export CARGO_TARGET_DIR
HOPTAC := $(CARGO_TARGET_DIR)/debug/hoptac
HOPTAC_RELEASE := $(CARGO_TARGET_DIR)/release/hoptac

.PHONY: run build release test test-sqlite test-postgres bench bench-catalogue bench-smoke bench-search lint fmt migrate seed check-config clean-data

## run: the whole shop on the embedded defaults, with demo data, at http://127.0.0.1:8080
run: build
	scripts/install-run-deps
	$(HOPTAC) migrate up
	$(HOPTAC) seed --demo --if-empty
	$(HOPTAC) serve

## build: the hoptac binary (debug)
build:
	cargo build -p server --bin hoptac

## release: the hoptac binary, optimised
release:
	cargo build --release -p server --bin hoptac

## test: formatting, lints, and every test on SQLite and on a throwaway PostgreSQL, search also on a real Meilisearch (MEILI_BIN; installs Chromium when missing)
test:
	scripts/test

## test-sqlite: every test on SQLite only, quicker while working
test-sqlite:
	HOPTAC_TEST_DB=sqlite cargo test --workspace

## test-postgres: every test on a throwaway PostgreSQL cluster
test-postgres:
	HOPTAC_TEST_DB=postgres scripts/with-postgres cargo test --workspace

## bench: the benchmarks under benches/ (the catalogue one installs wrk and builds the release binary)
bench:
	scripts/bench

## bench-catalogue: the catalogue at 10,000 and 100,000 listings through the release binary (wrk, PostgreSQL, Meilisearch when found); writes $(CARGO_TARGET_DIR)/bench/catalogue.json
bench-catalogue:
	scripts/bench catalogue

## bench-smoke: the catalogue benchmark's harness at a toy scale (300 then 600 listings, 3 s runs) on the debug binary, no release build: checks that it works, measures nothing
bench-smoke:
	scripts/bench smoke

## bench-search: search latency and indexing time on 100,000 generated listings (Tantivy, optimised); writes $(CARGO_TARGET_DIR)/bench/search.json
bench-search:
	cargo bench -p search --bench search

## lint: rustfmt and clippy, as the tests check them
lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

## fmt: format the code
fmt:
	cargo fmt --all

## migrate: apply pending migrations to the configured database
migrate: build
	$(HOPTAC) migrate up

## seed: add the demo data (idempotent)
seed: build
	$(HOPTAC) seed --demo

## check-config: print the configuration in force, secrets masked
check-config: build
	$(HOPTAC) check-config

## clean-data: remove the embedded state under ./data (database, index, e-mails, media)
clean-data:
	rm -rf data
