# SPDX-License-Identifier: GPL-2.0
#
# perf kvm: the kernel patch set and the perf tool.
#
#   make          install missing packages, build tools/perf/perf
#   make run      record this whole machine for 5 seconds, then print the report
#   make check    build (plain and ASan/UBSan) and run every test
#   make clean

BUILD := $(CURDIR)/build
PERF := tools/perf/perf
RUN_SECONDS ?= 5

all: deps
	@$(MAKE) --no-print-directory -C tools/perf

deps:
	@scripts/install-deps.sh

run: all
	$(PERF) record -a -o perf.data -- sleep $(RUN_SECONDS)
	@echo "# report by Linux perf (our own report arrives with perf report/perf kvm)"
	/usr/bin/perf report -i perf.data --stdio --sort comm,dso,sym 2>/dev/null | head -60

check: deps
	@$(MAKE) --no-print-directory -C tools/perf
	@$(MAKE) --no-print-directory -C tools/perf O=$(BUILD)/asan SANITIZE=1
	@scripts/check.sh $(CURDIR)/tools/perf $(BUILD)/asan

clean:
	@$(MAKE) --no-print-directory -C tools/perf clean
	rm -rf $(BUILD)

.PHONY: all deps run check clean
