/* cli — the command line every lesson shares. See cli.h. */
#include "cli.h"
#include "data.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "out.h"
#include "progress.h"

#define CLI_MAX_EPOCHS 1000000
#define CLI_MAX_BATCH 1000000
#define CLI_MAX_LATENT 100000
#define CLI_MAX_LR 1e6   /* a rate that large diverges: it shows the NaN stop */
#define CLI_MAX_SEED 4294967295UL   /* mt19937 keeps 32 bits of its seed (rng.c) */

/* getopt_long values: above any char, so they never clash with a short option */
enum { OPT_HELP = 0x100, OPT_BASE = 0x200, OPT_EXTRA = 0x400 };

typedef struct {
    const char *name;  /* without "--" */
    unsigned flag;     /* AE_FLAG_*, 0 for --help */
    int has_arg;
    const char *arg;   /* metavariable in --help */
} cli_spec;

static const cli_spec cli_specs[] = {
    { "epochs", AE_FLAG_EPOCHS, required_argument, "N" },
    { "batch", AE_FLAG_BATCH, required_argument, "N" },
    { "lr", AE_FLAG_LR, required_argument, "X" },
    { "seed", AE_FLAG_SEED, required_argument, "N" },
    { "latent", AE_FLAG_LATENT, required_argument, "N" },
    { "data", AE_FLAG_DATA, required_argument, "NAME" },
    { "data-dir", AE_FLAG_DATA_DIR, required_argument, "DIR" },
    { "out", AE_FLAG_OUT, required_argument, "DIR" },
    { "quick", AE_FLAG_QUICK, no_argument, "" },
};
#define CLI_NSPEC (sizeof cli_specs / sizeof cli_specs[0])
#define CLI_ALWAYS (AE_FLAG_SEED | AE_FLAG_OUT | AE_FLAG_QUICK)

static unsigned cli_accepted(const ae_cli *c)
{
    return c->uses | CLI_ALWAYS;
}

/* ---- values ---- */

/* An unsigned decimal integer with nothing before or after it (no sign, no space). */
static int cli_unsigned(const char *s, unsigned long long *v)
{
    if (!isdigit((unsigned char)s[0]))
        return 0;
    char *end;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return errno == 0 && *end == '\0';
}

static size_t cli_size(const ae_cli *c, const char *flag, const char *s, size_t hi)
{
    unsigned long long v;
    if (!cli_unsigned(s, &v) || v < 1 || v > hi)
        ae_die(c->prog, "--%s: '%s' is not an integer in 1..%zu (see --help)", flag, s, hi);
    return (size_t)v;
}

static unsigned long cli_seed(const ae_cli *c, const char *s)
{
    unsigned long long v;
    if (!cli_unsigned(s, &v) || v > CLI_MAX_SEED)
        ae_die(c->prog, "--seed: '%s' is not an integer in 0..%lu, the 32 bits the generator keeps "
               "(see --help)", s, CLI_MAX_SEED);
    return (unsigned long)v;
}

static double cli_lr(const ae_cli *c, const char *s)
{
    char *end;
    double v = 0.0;
    int ok = s[0] != '\0' && !isspace((unsigned char)s[0]);
    if (ok) {
        errno = 0;
        v = strtod(s, &end);
        ok = *end == '\0' && errno != ERANGE && isfinite(v) && v > 0.0 && v <= CLI_MAX_LR;
        if (*end == '\0' && errno == ERANGE && !signbit(v) && v < DBL_MIN)   /* 1e-320: subnormal or 0 */
            ae_die(c->prog, "--lr: '%s' is below %g, the smallest double at full precision (see --help)", s,
                   DBL_MIN);
    }
    if (!ok)
        ae_die(c->prog, "--lr: '%s' is not a number in (0, %g] (see --help)", s, CLI_MAX_LR);
    return v;
}

/* s is one of the comma-separated names in choices */
static int cli_in_list(const char *s, const char *choices)
{
    size_t n = strlen(s);
    for (const char *p = choices; n > 0 && p && *p; ) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, s, n) == 0)
            return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

static const char *cli_data(const ae_cli *c, const char *s)
{
    if (c->data_choices ? !cli_in_list(s, c->data_choices) : s[0] == '\0')
        ae_die(c->prog, "--data: '%s' is not one of %s (see --help)", s,
               c->data_choices ? c->data_choices : "the datasets");
    return s;
}

/* A directory: not empty, and not a flag taken as the value ("--out --quick"). */
static const char *cli_string(const ae_cli *c, const char *flag, const char *s)
{
    if (s[0] == '\0')
        ae_die(c->prog, "--%s: needs a non-empty directory name (see --help)", flag);
    if (strncmp(s, "--", 2) == 0)
        ae_die(c->prog, "--%s: '%s' looks like a flag: did you forget the value? (a directory of that "
               "name: ./%s) (see --help)", flag, s, s);
    return s;
}

static void cli_set(ae_cli *c, unsigned flag, const char *arg)
{
    switch (flag) {
    case AE_FLAG_EPOCHS: c->epochs = (int)cli_size(c, "epochs", arg, CLI_MAX_EPOCHS); break;
    case AE_FLAG_BATCH: c->batch = cli_size(c, "batch", arg, CLI_MAX_BATCH); break;
    case AE_FLAG_LR: c->lr = cli_lr(c, arg); break;
    case AE_FLAG_SEED: c->seed = cli_seed(c, arg); break;
    case AE_FLAG_LATENT: c->latent = cli_size(c, "latent", arg, CLI_MAX_LATENT); break;
    case AE_FLAG_DATA: c->data = cli_data(c, arg); break;
    case AE_FLAG_DATA_DIR: c->data_dir = cli_string(c, "data-dir", arg); break;
    case AE_FLAG_OUT: c->out = cli_string(c, "out", arg); break;
    case AE_FLAG_QUICK: c->quick = 1; break;
    default: AE_ASSERT(0);
    }
    c->given |= flag;
}

/* A lesson's own flag: check the value against its kind and range. */
static void cli_set_extra(const ae_cli *c, ae_cli_extra *x, const char *arg)
{
    unsigned long long u;
    char *end;
    double v;
    switch (x->kind) {
    case AE_X_SIZE:
        if (!cli_unsigned(arg, &u) || (double)u < x->lo || (double)u > x->hi)
            ae_die(c->prog, "--%s: '%s' is not an integer in %.0f..%.0f (see --help)", x->name, arg,
                   x->lo, x->hi);
        *(size_t *)x->value = (size_t)u;
        break;
    case AE_X_REAL:
        errno = 0;
        v = strtod(arg, &end);
        if (arg[0] == '\0' || isspace((unsigned char)arg[0]) || *end != '\0' || errno == ERANGE ||
            !isfinite(v) || v < x->lo || v > x->hi)
            ae_die(c->prog, "--%s: '%s' is not a number in [%g, %g] (see --help)", x->name, arg,
                   x->lo, x->hi);
        *(double *)x->value = v;
        break;
    case AE_X_CHOICE:
        if (!cli_in_list(arg, x->choices))
            ae_die(c->prog, "--%s: '%s' is not one of %s (see --help)", x->name, arg, x->choices);
        *(const char **)x->value = arg;
        break;
    case AE_X_FLAG: *(int *)x->value = 1; break;
    case AE_X_STRING:
        if (arg[0] == '\0')
            ae_die(c->prog, "--%s: needs a non-empty value (see --help)", x->name);
        *(const char **)x->value = cli_string(c, x->name, arg);
        break;
    }
    x->given = 1;
}

/* ---- --help ---- */

/* the end of a default's parenthesis: "; --quick 64)" where --quick changes it */
static void cli_help_quick(double quick)
{
    if (quick > 0.0)
        printf("; --quick %g", quick);
    printf(")\n");
}

static void cli_help_line(const cli_spec *s, const ae_cli *d)
{
    char left[32];
    snprintf(left, sizeof left, "--%s %s", s->name, s->arg);
    printf("  %-14s ", left);
    switch (s->flag) {
    case AE_FLAG_EPOCHS: printf("training epochs (default %d", d->epochs); cli_help_quick(d->quick_epochs); break;
    case AE_FLAG_BATCH: printf("minibatch size (default %zu", d->batch); cli_help_quick((double)d->quick_batch); break;
    case AE_FLAG_LR: printf("learning rate (default %g", d->lr); cli_help_quick(d->quick_lr); break;
    case AE_FLAG_SEED: printf("random seed, 0..%lu (default %lu)\n", CLI_MAX_SEED, d->seed); break;
    case AE_FLAG_LATENT: printf("code size (default %zu", d->latent); cli_help_quick((double)d->quick_latent); break;
    case AE_FLAG_DATA:
        printf("dataset: %s (default %s)\n", d->data_choices ? d->data_choices : "?",
               d->data ? d->data : "none");
        break;
    case AE_FLAG_DATA_DIR:
        printf("where make data put its files (default %s; $AELAB_DATA sets it)\n",
               d->data_dir ? d->data_dir : "none");
        if (d->data_choices && strstr(d->data_choices, "fashion"))
            printf("                 (Fashion-MNIST is read where Debian installs it, %s)\n", AE_FASHION_DIR);
        break;
    case AE_FLAG_OUT: printf("output directory (default %s)\n", d->out ? d->out : "none"); break;
    case AE_FLAG_QUICK: printf("a run of a few seconds (settings not given are reduced)\n"); break;
    default: AE_ASSERT(0);
    }
}

/* d: the settings before parsing, so --help shows the defaults */
static void cli_help(const ae_cli *d)
{
    printf("usage: %s [options]\n", d->prog);
    if (d->title)
        printf("%s %s\n", d->prog, d->title);
    printf("\noptions:\n");
    for (size_t i = 0; i < CLI_NSPEC; i++)
        if (cli_specs[i].flag & cli_accepted(d))
            cli_help_line(&cli_specs[i], d);
    for (const ae_cli_extra *x = d->extra; x && x->name; x++) {
        char left[40];
        snprintf(left, sizeof left, "--%s %s", x->name,
                 x->kind == AE_X_SIZE ? "N" : x->kind == AE_X_REAL ? "X" : x->kind == AE_X_CHOICE ? "NAME" :
                 x->kind == AE_X_STRING ? "TEXT" : "");
        printf("  %-14s %s", left, x->help);
        switch (x->kind) {
        case AE_X_SIZE: printf(" (default %zu", *(size_t *)x->value); cli_help_quick(x->quick); break;
        case AE_X_REAL: printf(" (default %g", *(double *)x->value); cli_help_quick(x->quick); break;
        case AE_X_CHOICE: printf(": %s (default %s)\n", x->choices, *(const char **)x->value); break;
        case AE_X_FLAG: printf("\n"); break;
        case AE_X_STRING:
            printf(" (default %s)\n", *(const char **)x->value ? *(const char **)x->value : "none");
            break;
        }
    }
    printf("  %-14s this text\n", "-h, --help");
    if (d->about)
        printf("\n%s%s", d->about, d->about[0] && d->about[strlen(d->about) - 1] == '\n' ? "" : "\n");
    exit(0);
}

/* ---- parsing ---- */

static size_t cli_longopts(const ae_cli *c, struct option *o)
{
    size_t n = 0;
    for (size_t i = 0; i < CLI_NSPEC; i++)
        if (cli_specs[i].flag & cli_accepted(c))
            o[n++] = (struct option){ cli_specs[i].name, cli_specs[i].has_arg, NULL,
                                      OPT_BASE + (int)i };
    for (size_t i = 0; c->extra && c->extra[i].name; i++) {
        AE_ASSERT(i < AE_CLI_MAX_EXTRA);
        o[n++] = (struct option){ c->extra[i].name,
                                  c->extra[i].kind == AE_X_FLAG ? no_argument : required_argument,
                                  NULL, OPT_EXTRA + (int)i };
    }
    o[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
    o[n] = (struct option){ NULL, 0, NULL, 0 };
    return n;
}

static const ae_cli_extra *cli_extras;   /* for cli_opt_name */

static const char *cli_opt_name(int val)
{
    if (val == OPT_HELP)
        return "help";
    return val >= OPT_EXTRA ? cli_extras[val - OPT_EXTRA].name : cli_specs[val - OPT_BASE].name;
}

/* getopt_long returned '?' or ':': one line naming the flag, exit 2 */
static void cli_bad_option(const ae_cli *c, int ret, char **argv)
{
    if (ret == ':')
        ae_die(c->prog, "--%s: needs a value (see --help)", cli_opt_name(optopt));
    if (optopt >= OPT_HELP)
        ae_die(c->prog, "--%s: takes no value (see --help)", cli_opt_name(optopt));
    if (optopt != 0)
        ae_die(c->prog, "unknown option '-%c' (see --help)", optopt);
    const char *arg = argv[optind - 1];
    int len = (int)strcspn(arg, "=");
    ae_die(c->prog, "unknown option '%.*s' (see --help)", len, arg);
}

/* getopt_long accepts any unambiguous prefix ("--data" for "--data-dir"); a lesson's
 * flags must be spelled out, so that a flag it does not take is refused by name. */
static void cli_exact_names(const ae_cli *c, const struct option *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return;
        if (strncmp(a, "--", 2) != 0)
            continue;
        size_t len = strcspn(a + 2, "=");
        const struct option *hit = NULL;
        for (const struct option *p = o; p->name; p++)
            if (strlen(p->name) == len && strncmp(p->name, a + 2, len) == 0)
                hit = p;
        if (!hit)
            ae_die(c->prog, "unknown option '%.*s' (see --help)", (int)len + 2, a);
        if (hit->has_arg == required_argument && a[2 + len] != '=')
            i++;   /* its value, whatever it looks like */
    }
}

/* --quick: every setting with a quick value that the command line did not give */
static void cli_apply_quick(ae_cli *c)
{
    if (c->quick_epochs && !(c->given & AE_FLAG_EPOCHS))
        c->epochs = c->quick_epochs;
    if (c->quick_batch && !(c->given & AE_FLAG_BATCH))
        c->batch = c->quick_batch;
    if (c->quick_lr > 0.0 && !(c->given & AE_FLAG_LR))
        c->lr = c->quick_lr;
    if (c->quick_latent && !(c->given & AE_FLAG_LATENT))
        c->latent = c->quick_latent;
    for (ae_cli_extra *x = c->extra; x && x->name; x++) {
        if (x->given || x->quick <= 0.0)
            continue;
        if (x->kind == AE_X_SIZE)
            *(size_t *)x->value = (size_t)x->quick;
        else if (x->kind == AE_X_REAL)
            *(double *)x->value = x->quick;
    }
}

void ae_cli_parse(ae_cli *c, int argc, char **argv)
{
    const char *env = getenv("AELAB_DATA");
    if (env && env[0])
        c->data_dir = env;
    c->given = 0;
    const ae_cli defaults = *c;
    struct option longopts[CLI_NSPEC + AE_CLI_MAX_EXTRA + 2];
    cli_longopts(c, longopts);
    cli_extras = c->extra;
    for (ae_cli_extra *x = c->extra; x && x->name; x++)
        x->given = 0;

    cli_exact_names(c, longopts, argc, argv);
    opterr = 0;  /* our own one-line messages */
    optind = 0;  /* glibc: start afresh (tests parse more than once) */
    int ret;
    while ((ret = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
        if (ret == OPT_HELP || ret == 'h')
            cli_help(&defaults);
        else if (ret >= OPT_EXTRA)
            cli_set_extra(c, &c->extra[ret - OPT_EXTRA], optarg);
        else if (ret >= OPT_BASE)
            cli_set(c, cli_specs[ret - OPT_BASE].flag, optarg);
        else
            cli_bad_option(c, ret, argv);
    }
    if (optind < argc)
        ae_die(c->prog, "unexpected argument '%s' (see --help)", argv[optind]);
    AE_ASSERT(c->out != NULL);  /* the lesson sets a default */
    if (c->quick)
        cli_apply_quick(c);

    c->t0 = ae_seconds();
    if (ae_out_dir(c->out) != AE_OK)
        ae_die(c->prog, "--out %s", ae_errmsg());
    ae_out_run(c->prog, argc, argv, c->seed);
}

int ae_cli_given(const ae_cli *c, enum ae_flag opt)
{
    return (c->given & (unsigned)opt) != 0;
}
