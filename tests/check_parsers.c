/* check_parsers — the file parsers against hostile input, in every build (SAN=1 too):
 * every input of the fuzzing corpora (fuzz/corpus/NAME/) goes through its libFuzzer
 * harness (fuzz/NAME.c, which aborts on a wrong status or a message that does not
 * name the file), and the inputs that once broke a parser (fuzz/regress/) must be
 * refused with the message they deserve. */
#include "../fuzz/fuzz.h"   /* first: it defines _GNU_SOURCE for memfd_create */

#include <dirent.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "data.h"
#include "idx.h"
#include "net.h"
#include "npy.h"
#include "test.h"

/* The harnesses, each under its own name. */
#define LLVMFuzzerTestOneInput fuzz_idx
#include "../fuzz/idx.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_idx_gz
#include "../fuzz/idx_gz.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_npy
#include "../fuzz/npy.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_pgm
#include "../fuzz/pgm.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_ppm
#include "../fuzz/ppm.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_net
#include "../fuzz/net.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_json
#include "../fuzz/json.c"
#undef LLVMFuzzerTestOneInput

typedef int (*harness_fn)(const uint8_t *, size_t);

static const struct {
    const char *name;   /* fuzz/NAME.c, fuzz/corpus/NAME/ */
    harness_fn run;
} HARNESSES[] = {
    {"idx", fuzz_idx}, {"idx_gz", fuzz_idx_gz}, {"npy", fuzz_npy},
    {"pgm", fuzz_pgm}, {"ppm", fuzz_ppm}, {"net", fuzz_net}, {"json", fuzz_json},
};
enum { NHARNESS = sizeof HARNESSES / sizeof *HARNESSES };

#define INPUT_CAP (1 << 20)
#define MIN_CORPUS 5   /* inputs per corpus: fewer means the corpus went missing */
#define MAX_CORPUS 1024

/* The bytes of path into buf (at most cap); returns the length. */
static size_t slurp_input(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s: cannot open", path);
    size_t n = fread(buf, 1, cap, f);
    ck_assert_msg(!ferror(f) && n < cap, "%s: unreadable or over %zu bytes", path, cap);
    fclose(f);
    return n;
}

/* The input being replayed: static, so that a child holds nothing of the heap but
 * what the harness allocates (valgrind checks each child's leaks on its own). */
static uint8_t input[INPUT_CAP];
static char corpus[MAX_CORPUS][256];

/* Run the harness on input[0..len) in a child: 0 when it came through, else its exit
 * status or 128 + the signal (an abort, a sanitizer report). */
static int run_isolated(harness_fn run, size_t len)
{
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        run(input, len);
        _exit(0);
    }
    int ws;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* The names in dir (not hidden ones) into corpus[]; returns how many. */
static size_t list_corpus(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "%s: missing (run the tests from the repository root)", dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)); )
        if (e->d_name[0] != '.') {
            ck_assert_uint_lt(n, MAX_CORPUS);
            snprintf(corpus[n++], sizeof corpus[0], "%s", e->d_name);
        }
    closedir(d);
    return n;
}

/* Every input of fuzz/corpus/NAME through harness NAME: no crash, no sanitizer report. */
START_TEST(test_corpus)
{
    char dir[128], path[512];
    snprintf(dir, sizeof dir, "fuzz/corpus/%s", HARNESSES[_i].name);
    size_t n = list_corpus(dir);
    for (size_t k = 0; k < n; k++) {
        snprintf(path, sizeof path, "%s/%.255s", dir, corpus[k]);
        int st = run_isolated(HARNESSES[_i].run, slurp_input(path, input, INPUT_CAP));
        ck_assert_msg(st == 0, "%s: harness %s failed on it (status %d; stderr above)", path,
                      HARNESSES[_i].name, st);
    }
    ck_assert_msg(n >= MIN_CORPUS, "%s: %zu inputs, want at least %d", dir, n, MIN_CORPUS);
}
END_TEST

/* ---- inputs that broke a parser once ---- */

/* Load the bytes with the loader of kind and return its status (message in ae_errmsg
 * or json_why); every loader frees what it allocated. */
static int load_as(const char *kind, const uint8_t *data, size_t size, const char **path)
{
    *path = fuzz_file(data, size);
    if (strcmp(kind, "idx") == 0) {
        uint8_t *x;
        size_t n, rows, cols;
        int st = ae_idx_load(*path, &x, &n, &rows, &cols);
        if (!st)
            free(x);
        return st;
    }
    if (strcmp(kind, "npy") == 0) {
        double *v;
        size_t shape[3];
        int st = ae_npy_load(*path, &v, shape);
        if (!st)
            free(v);
        return st;
    }
    if (strcmp(kind, "pgm") == 0) {
        ae_image im;
        int st = ae_image_load(&im, *path);
        ae_image_free(&im);
        return st;
    }
    if (strcmp(kind, "idx_gz") == 0) {   /* as fuzz/idx_gz.c: gzip, drop the stream's end */
        ck_assert_uint_ge(size, 2);
        size_t len, drop = data[1] & 0x80 ? data[1] & 0x7f : 0;
        uint8_t *gz = gzip(data + 2, size - 2, data[0] % 10, &len);
        int st = load_as("idx", gz, len > drop ? len - drop : 0, path);
        free(gz);
        return st;
    }
    if (strcmp(kind, "json") == 0) {
        FILE *f = fopen(*path, "r");
        ck_assert_ptr_nonnull(f);
        digit_set set;
        int st = read_digit(f, *path, &set);
        fclose(f);
        free(set.px);
        return st;
    }
    ck_abort_msg("no loader for %s", kind);
    return -1;
}

static const struct {
    const char *file;   /* fuzz/regress/FILE: its kind is the part before '-' */
    const char *want;   /* in the message */
} REGRESSIONS[] = {
    /* small files claiming about 1 GB: each loader allocated it before reading */
    {"idx-claims-1gb", "truncated data: read 0 of 1000000000 bytes"},
    {"npy-claims-1gb", "truncated .npy data: read 0 of 1073741816 bytes"},
    {"pgm-claims-1gb", "truncated PGM: read 0 of 1073741824 bytes"},
    /* a gzip stream cut in its CRC, after the declared data: was loaded without a word */
    {"idx_gz-truncated-trailer", "truncated after the data (unexpected end of file)"},
    /* a control byte was copied raw into the one-line message */
    {"json-control-byte", "unexpected byte 0x01 in the data array"},
};

START_TEST(test_regression)
{
    char file[256], kind[16];
    snprintf(file, sizeof file, "fuzz/regress/%s", REGRESSIONS[_i].file);
    sscanf(REGRESSIONS[_i].file, "%15[^-]", kind);   /* idx, idx_gz, npy, pgm, json */
    size_t len = slurp_input(file, input, INPUT_CAP);
    const char *path;
    int st = load_as(kind, input, len, &path);
    const char *msg = strcmp(kind, "json") == 0 ? json_why : ae_errmsg();
    ck_assert_msg(st == AE_EINPUT, "%s: status %d, want %d (refused)", file, st, AE_EINPUT);
    ck_assert_msg(strncmp(msg, path, strlen(path)) == 0 && strstr(msg, REGRESSIONS[_i].want),
                  "%s: message '%s', want the file's name and '%s'", file, msg,
                  REGRESSIONS[_i].want);
}
END_TEST

/* A header may claim up to 1 GiB; a short file must not cost that much memory: with
 * the address space capped 256 MiB above what the test uses, each *-claims-1gb input of
 * fuzz/regress is refused as truncated, not as out of memory. (Not under
 * AddressSanitizer, which reserves terabytes of address space.) */
START_TEST(test_memory_follows_the_file)
{
#if defined(__SANITIZE_ADDRESS__)
    return;
#else
    FILE *status = fopen("/proc/self/status", "r");
    ck_assert_ptr_nonnull(status);
    char line[256];
    unsigned long vm_kb = 0;
    while (fgets(line, sizeof line, status))
        if (sscanf(line, "VmSize: %lu kB", &vm_kb) == 1)
            break;
    fclose(status);
    ck_assert_uint_gt(vm_kb, 0);
    struct rlimit lim;
    ck_assert_int_eq(getrlimit(RLIMIT_AS, &lim), 0);
    lim.rlim_cur = (vm_kb + 256 * 1024) * 1024;
    ck_assert_int_eq(setrlimit(RLIMIT_AS, &lim), 0);
    const char *kinds[] = {"idx", "npy", "pgm"};
    char file[128];
    for (size_t k = 0; k < 3; k++) {
        snprintf(file, sizeof file, "fuzz/regress/%s-claims-1gb", kinds[k]);
        const char *path;
        ck_assert_int_eq(load_as(kinds[k], input, slurp_input(file, input, INPUT_CAP), &path),
                         AE_EINPUT);
        ck_assert_msg(strstr(ae_errmsg(), "truncated") != NULL, "%s: %s", file, ae_errmsg());
    }
#endif
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("parsers");
    TCase *tc = tcase_create("fuzz corpus");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_corpus, 0, NHARNESS);
    suite_add_tcase(s, tc);

    tc = tcase_create("regressions");
    tcase_add_loop_test(tc, test_regression, 0, sizeof REGRESSIONS / sizeof *REGRESSIONS);
    tcase_add_test(tc, test_memory_follows_the_file);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
