# caseload - build, test, benchmark and install.
CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wcast-qual -Wformat=2 -Wundef -Wvla -Werror
CPPFLAGS += -D_POSIX_C_SOURCE=200809L
LIBS = -lglpk -lcjson -lm
PREFIX ?= /usr/local

BUILD ?= build
LIB_SOURCES = $(filter-out solver/main.c,$(wildcard solver/*.c))
LIB_OBJECTS = $(LIB_SOURCES:solver/%.c=$(BUILD)/obj/%.o)
TEST_SOURCES = $(wildcard tests/test_*.c)
TEST_BINARIES = $(TEST_SOURCES:tests/%.c=$(BUILD)/tests/%)

.PHONY: all test unit-test cli-test scenario-test html-test crosscheck bench fuzz install clean asan valgrind

all: $(BUILD)/caseload

$(BUILD)/obj/%.o: solver/%.c $(wildcard solver/*.h) | $(BUILD)/obj
	$(CC) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libcaseload.a: $(LIB_OBJECTS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/caseload: solver/main.c $(BUILD)/libcaseload.a
	$(CC) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) -o $@ $< $(BUILD)/libcaseload.a $(LIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libcaseload.a | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(WARNINGS) -Wno-missing-prototypes $(CFLAGS) -Isolver -o $@ $< \
	    $(BUILD)/libcaseload.a $(LIBS) -lcmocka

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

# Everything a change must pass: unit tests, command tests, model cross-check.
test: unit-test cli-test scenario-test crosscheck html-test

unit-test: $(TEST_BINARIES)
	@set -e; for t in $(TEST_BINARIES); do echo "== $$t"; (cd tests && ../$$t); done

cli-test: $(BUILD)/caseload
	tests/cli_test.sh $(BUILD)/caseload

scenario-test: $(BUILD)/caseload
	tests/scenario_test.sh $(BUILD)/caseload

html-test: $(BUILD)/caseload
	tests/html_test.sh $(BUILD)/caseload

crosscheck: $(BUILD)/caseload
	tests/crosscheck.sh $(BUILD)/caseload

bench: $(BUILD)/caseload
	bench/run.sh $(BUILD)/caseload

# Coverage-guided fuzzing of the loaders for FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz:
	fuzz/run.sh $(FUZZ_SECONDS)

# Sanitizer build of the whole suite (ASan + UBSan, no recovery).
asan:
	$(MAKE) BUILD=build-asan CC=clang \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	    unit-test cli-test

valgrind: $(BUILD)/caseload $(TEST_BINARIES)
	@set -e; for t in $(TEST_BINARIES); do echo "== valgrind $$t"; \
	    (cd tests && valgrind -q --leak-check=full --error-exitcode=9 ../$$t); done
	VALGRIND="valgrind -q --leak-check=full --error-exitcode=9" tests/cli_test.sh $(BUILD)/caseload

install: $(BUILD)/caseload
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/caseload
	install -m 755 $(BUILD)/caseload $(DESTDIR)$(PREFIX)/bin/caseload
	install -m 644 models/caseload.mod $(DESTDIR)$(PREFIX)/share/caseload/caseload.mod
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 doc/caseload.1 $(DESTDIR)$(PREFIX)/share/man/man1/caseload.1

clean:
	rm -rf build build-asan
