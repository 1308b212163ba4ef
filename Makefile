# ntm - build, test and run.  GNU make.
#
#   make run        install what is missing, build, init + demo data, serve :8080
#   make test       every test: unit (cmocka), fuzz-corpus replay, end-to-end
#                   (node --test) on SQLite and on a private PostgreSQL cluster,
#                   browser (playwright-core + chromium)
#   make sanitize   the unit and end-to-end suites (both backends) under ASan+UBSan
#   make fuzz       libFuzzer runs of every parser (clang), FUZZ_SECONDS each
#   make check      banned-function grep over src/
#   make bench      bench/http.sh and bench/criteria.sh (ntm against nginx, and the
#                   criteria evaluation of the whole country); make bench-http,
#                   make bench-criteria for one of them; make bench-surveys (survey
#                   responses against raw SQLite, results at a million; not in
#                   make bench: ~10 minutes and ~1 GB of disk); make bench-reports
#                   (a year of monthly reports of every commune: aggregates cold
#                   and maintained, completeness vs nginx, an XLSX upload)

BUILD   ?= build
CC      ?= cc
PKGS     = libmicrohttpd jansson sqlite3 libutf8proc libsodium libpq cairo pangocairo fontconfig libqrencode xlsxwriter libmagic libzip expat libjpeg libcurl zlib
OPT     ?= -O2
WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Werror
CFLAGS  += -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) -g $(WARN) \
           -Isrc -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(EXTRA_CFLAGS)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
LDFLAGS += $(EXTRA_LDFLAGS)

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CFLAGS  += -DNTM_VERSION='"$(VERSION)"'

LIB_SRC  := $(sort $(wildcard src/core/*.c src/messages/*.c src/http/*.c src/db/*.c src/domain/*/*.c src/web/*.c src/cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/embedded.o
LIB_OBJ  += $(BUILD)/obj/gen/geo_2025.o $(BUILD)/obj/gen/geo_pre2025.o
SQL      := $(sort $(wildcard src/db/sql/*.sql))
MIGR     := $(sort $(wildcard schema/migrations/*.sql))
TMPL     := $(sort $(wildcard templates/*.html templates/*/*.html))
STATIC   := $(sort $(wildcard static/*))
EMBEDDED := $(MIGR) $(SQL) $(TMPL) $(STATIC)
EMBEDDED += data/banks.csv

UNIT_SRC := $(sort $(wildcard tests/unit/*_test.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz-replay/%)

DEPS_STAMP := $(BUILD)/.deps-ok

.PHONY: all deps run test test-clang test-unit test-fuzz-replay test-e2e test-browser sanitize fuzz check bench bench-http bench-criteria bench-surveys bench-reports clean

all: $(BUILD)/ntm

# Install missing Debian/npm packages once; the script is quiet when nothing is missing.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh
	@sh scripts/install-deps.sh
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/ntm: $(BUILD)/obj/src/main.o $(BUILD)/libntm.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libntm.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: %.c $(BUILD)/gen/stmt_ids.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# Statement ids: one enum entry per "-- name: x" block in src/db/sql/*.sql.
$(BUILD)/gen/stmt_ids.h: $(SQL) scripts/stmt-ids.sh | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	sh scripts/stmt-ids.sh $(SQL) > $@.tmp && mv $@.tmp $@

# Migrations, SQL, templates and static files are compiled into the binary,
# so build/ntm runs from anywhere and cannot drift from its templates.
$(BUILD)/tools/embed: tools/embed.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O2 $(WARN) -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBEDDED)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $(EMBEDDED) > $@.tmp && mv $@.tmp $@

# The province boundaries of the maps (issue 18), projected and simplified
# once here (src/tools/geoprep.c: a view box 340 wide, the width a phone
# shows it at so that its text stays 12 px, in tenths of a px; 0.3 px
# tolerance)
# into C tables the server draws from; docs/ARCHITECTURE.md "Maps".
$(BUILD)/tools/geoprep: src/tools/geoprep.c src/domain/maps/map_geom.c src/domain/maps/map_geom.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 $(WARN) -Isrc \
	  $(shell pkg-config --cflags jansson) -o $@ src/tools/geoprep.c src/domain/maps/map_geom.c \
	  $(shell pkg-config --libs jansson) -lm

$(BUILD)/gen/geo_2025.c: $(BUILD)/tools/geoprep data/geo/vn_provinces_34_2025.topo.json
	@mkdir -p $(dir $@)
	$(BUILD)/tools/geoprep map_layer_2025 2025 340 10 0.3 data/geo/vn_provinces_34_2025.topo.json > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/geo_pre2025.c: $(BUILD)/tools/geoprep data/geo/vn_provinces_63_pre2025.topo.json
	@mkdir -p $(dir $@)
	$(BUILD)/tools/geoprep map_layer_pre2025 pre2025 340 10 0.3 data/geo/vn_provinces_63_pre2025.topo.json > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/geo_%.o: $(BUILD)/gen/geo_%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- tests ---------------------------------------------------------------

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testdb.h tests/unit/reptestdb.h $(BUILD)/libntm.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libntm.a $(LDLIBS) -lcmocka

$(BUILD)/fuzz-replay/%: fuzz/%.c fuzz/replay_main.c $(BUILD)/libntm.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< fuzz/replay_main.c $(BUILD)/libntm.a $(LDLIBS)

test: deps check $(BUILD)/ntm test-clang test-unit test-fuzz-replay test-e2e test-browser test-e2e-pg

# The same sources must build warning-free under clang as well (-Werror).
test-clang:
	@$(MAKE) --no-print-directory BUILD=build/clang CC=clang build/clang/ntm >/dev/null

test-unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do $$t || fail=1; done; exit $$fail

# Every saved fuzz input (corpus and former crashes) replayed through its target.
test-fuzz-replay: $(FUZZ_REPLAY)
	@for t in $(FUZZ_REPLAY); do n=$$(basename $$t); \
	  $$t fuzz/corpus/$${n#fuzz_} || exit 1; done

tests/e2e/node_modules/.ok: tests/e2e/package.json | $(DEPS_STAMP)
	cd tests/e2e && npm install --no-audit --no-fund --silent
	@touch $@

test-e2e: $(BUILD)/ntm tests/e2e/node_modules/.ok
	NTM_BIN=$(abspath $(BUILD)/ntm) node --test --test-concurrency=1 tests/e2e/api/

# The end-to-end suite again, on PostgreSQL: a private cluster
# (scripts/pg-cluster.sh, in $(PG_DIR), as the postgres user when root) on
# a free loopback port, one fresh database per test file, stopped and
# removed afterwards whatever the outcome (the suite's exit status is kept).
PG_DIR ?= $(BUILD)/pg
.PHONY: test-e2e-pg
test-e2e-pg: $(BUILD)/ntm tests/e2e/node_modules/.ok
	@trap 'sh scripts/pg-cluster.sh stop $(PG_DIR)' EXIT; trap 'exit 130' INT TERM; \
	url=$$(sh scripts/pg-cluster.sh start $(PG_DIR)) || exit 1; \
	echo "test-e2e-pg: PostgreSQL at $$url"; \
	NTM_BIN=$(abspath $(BUILD)/ntm) NTM_TEST_PG=$$url NTM_TEST_PG_DIR=$(abspath $(PG_DIR)) \
	  node --test --test-concurrency=1 tests/e2e/api/

test-browser: $(BUILD)/ntm tests/e2e/node_modules/.ok
	NTM_BIN=$(abspath $(BUILD)/ntm) node --test --test-concurrency=1 tests/e2e/browser/

sanitize:
	$(MAKE) BUILD=build/asan CC=clang OPT=-O1 \
	  EXTRA_CFLAGS='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' \
	  EXTRA_LDFLAGS='-fsanitize=address,undefined' test-unit test-fuzz-replay test-e2e test-e2e-pg

FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang OPT=-O1 \
	  EXTRA_CFLAGS='-fsanitize=fuzzer-no-link,address,undefined' \
	  EXTRA_LDFLAGS='-fsanitize=address,undefined' build/fuzz/libntm.a
	@mkdir -p build/fuzz/bin
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Isrc -Ibuild/fuzz/gen \
	    -fsanitize=fuzzer,address,undefined -o build/fuzz/bin/$$n $$f build/fuzz/libntm.a $(LDLIBS) || exit 1; \
	  mkdir -p fuzz/corpus/$${n#fuzz_} build/fuzz/scratch/$$n; \
	  build/fuzz/bin/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -artifact_prefix=fuzz/corpus/$${n#fuzz_}/crash- \
	    build/fuzz/scratch/$$n fuzz/corpus/$${n#fuzz_} || exit 1; done

check:
	@sh scripts/check-banned.sh

run: $(BUILD)/ntm
	$(BUILD)/ntm demo
	$(BUILD)/ntm serve --listen 127.0.0.1:8080

# One after the other, never in parallel (-j): each one loads the machine.
BENCH_CRITERIA = CRITERIA_EVAL_BIN=$(abspath $(BUILD)/bench/criteria_eval) sh bench/criteria.sh
bench: $(BUILD)/ntm $(BUILD)/bench/criteria_eval
	sh bench/http.sh
	$(BENCH_CRITERIA)

bench-http: $(BUILD)/ntm
	sh bench/http.sh

bench-criteria: $(BUILD)/ntm $(BUILD)/bench/criteria_eval
	$(BENCH_CRITERIA)

bench-surveys: $(BUILD)/ntm $(BUILD)/bench/surveys_load
	SURVEYS_LOAD_BIN=$(abspath $(BUILD)/bench/surveys_load) sh bench/surveys.sh

bench-reports: $(BUILD)/ntm $(BUILD)/bench/reports_load
	REPORTS_LOAD_BIN=$(abspath $(BUILD)/bench/reports_load) sh bench/reports.sh

# The OCOP verification page against nginx (bench/ocop_verify.sh, ~1.5 min).
.PHONY: bench-ocop-verify
bench-ocop-verify: $(BUILD)/ntm
	sh bench/ocop_verify.sh

# The in-process halves of the bench scripts - criteria_eval (the in-memory
# evaluation timer of bench/criteria.sh), surveys_load (set-up, raw-SQLite
# baseline, fill and results of bench/surveys.sh): they link the library
# like the unit tests do (they read stores' internal headers).
$(BUILD)/bench/%: bench/%.c $(BUILD)/libntm.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libntm.a $(LDLIBS)

clean:
	rm -rf build
