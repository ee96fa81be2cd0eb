# SPDX-License-Identifier: GPL-2.0
#
# perf kvm: the kernel patch set and the perf tool.
#
#   make          install missing packages, build tools/perf/perf
#   make run      record this whole machine for 5 seconds, then print the report
#   make check    build (plain and ASan/UBSan) and run every test
#   make e2e      the end-to-end tests alone: real KVM guests in a nested VM
#   make kernel   the kernel series (series/) on linux-source-6.12, built and cached
#   make long     the kernel harness's long run (its race test, 60 s under ASan)
#   make bench    against Linux perf: report on 10M samples and 2M -g, kvm stat on 1M exits (figures, not a test)
#   make fuzz     coverage-guided fuzzing of the perf.data reader for FUZZ_SECONDS
#   make clean

BUILD := $(CURDIR)/build
PERF := tools/perf/perf
RUN_SECONDS ?= 5
FUZZ_SECONDS ?= 600

all: deps
	@$(MAKE) --no-print-directory -C tools/perf

deps:
	@scripts/install-deps.sh

run: all
	$(PERF) kvm --host --guest record -a -- sleep $(RUN_SECONDS)
	$(PERF) kvm --host --guest report --stdio --percent-limit 0.1

check: deps
	@$(MAKE) --no-print-directory -C tools/perf
	@$(MAKE) --no-print-directory -C tools/perf O=$(BUILD)/asan SANITIZE=1
	@scripts/check.sh $(CURDIR)/tools/perf $(BUILD)/asan

# Boots a Debian kernel under qemu's emulation, where /dev/kvm works, and
# profiles real KVM guests there (tools/testing/kvm-e2e): our synthetic
# guests with known hot spots, then Linux guests.
e2e: all
	@tools/testing/kvm-e2e/run-tests.sh
	@E2E_KERNEL=series tools/testing/kvm-e2e/run-tests.sh
	@tools/testing/kvm-e2e/linux-tests.sh
	@E2E_KERNEL=series tools/testing/kvm-e2e/linux-tests.sh

# The series applied to the base that series/BASE pins, configured from
# tinyconfig and series/kvm-e2e.config, built once per input in
# ~/.cache/perf-kvm-kernel; prints where the images are.
kernel: deps
	@scripts/kernel.sh

# The kernel harness's long run: the series' memslot table and guest reads
# raced for 60 s under ASan.
long:
	@$(MAKE) --no-print-directory -C tools/testing/perf-guest long

bench: all
	@scripts/bench.sh

# libFuzzer on 2 workers, over the whole in-process pipeline of report and
# buildid-list; the corpus lives on in ~/.cache/perf-kvm-fuzz (FUZZ_DIR).
fuzz: all
	@$(MAKE) --no-print-directory -C tools/perf O=$(BUILD)/fuzz SANITIZE=fuzz fuzz
	@tools/perf/tests/fuzz/run.sh $(BUILD)/fuzz/tests/fuzz/fuzz-perf-data \
		$(CURDIR)/tools/perf $(FUZZ_SECONDS)

clean:
	@$(MAKE) --no-print-directory -C tools/perf clean
	@$(MAKE) --no-print-directory -C tools/testing/perf-guest clean
	@$(MAKE) --no-print-directory -C tools/testing/kvm-e2e clean
	rm -rf $(BUILD)

.PHONY: all deps run check e2e kernel long bench fuzz clean
