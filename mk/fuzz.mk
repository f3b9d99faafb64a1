# fuzz.mk - make fuzz: a long campaign of the in-tree fuzzer
# (userland/fuzz, scripts/fuzz.sh): each profile with each seed, each run
# FUZZ_SECONDS of guest time; ends with
#   fuzz: N calls, P panics, I invariant failures, H hangs, L leaked pages
#
#   make fuzz FUZZ_SECONDS=600 FUZZ_SEEDS="1 2 3" FUZZ_PROFILES="rv64-1 u54-4"
#   (FUZZ_STALL=S: a run with no progress for S host seconds is a hang;
#   FUZZ_APPEND="fuzz_free=200": more kernel command line, here memory
#   pressure)

FUZZ_SECONDS  ?= 60
FUZZ_SEEDS    ?= 1 2 3
FUZZ_PROFILES ?= rv64-1 rv64-4 u54-1 u54-4
FUZZ_WORKERS  ?= 4
FUZZ_APPEND   ?=

fuzz: kernel userland
	@bash scripts/fuzz.sh --seconds $(FUZZ_SECONDS) --seeds "$(FUZZ_SEEDS)" \
		--profiles "$(FUZZ_PROFILES)" --workers $(FUZZ_WORKERS) --append "$(FUZZ_APPEND)"

.PHONY: fuzz
