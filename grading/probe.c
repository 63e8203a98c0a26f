/* probe — the runner's side of the grader (see probe.h). */
#define _GNU_SOURCE   /* clearenv */
#include "probe.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROBE_CPU_S 30
#define PROBE_MEM (2048ul << 20)

static struct {
    pid_t pid;
    char lesson[3];
    char dir[64];          /* its empty working directory */
    wire req, rep;
    char fn[64];
} P = {.pid = 0};

static void probe_stop(void)
{
    if (P.pid > 0) {
        kill(-P.pid, SIGKILL);   /* the whole session: whatever it started too */
        kill(P.pid, SIGKILL);
        waitpid(P.pid, NULL, 0);
        P.pid = 0;
    }
    if (P.dir[0]) {
        rmdir(P.dir);
        P.dir[0] = '\0';
    }
}

static void limit(int what, rlim_t v)
{
    struct rlimit r = {v, v};
    setrlimit(what, &r);
}

/* In the child: the sandbox, then the probe. Never returns. */
static void child(const char *path, int req_fd, int rep_fd)
{
    setsid();
    if (dup2(req_fd, 0) < 0 || dup2(rep_fd, 3) < 0)
        _exit(126);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 1);
    dup2(null, 2);
    for (int fd = 4; fd < 1024; fd++)
        close(fd);
    const char *core = getenv("OPENBLAS_CORETYPE");
    char coretype[64] = "";
    if (core)
        snprintf(coretype, sizeof coretype, "%s", core);
    clearenv();
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    if (coretype[0])
        setenv("OPENBLAS_CORETYPE", coretype, 1);
    if (chdir(P.dir) != 0 || rmdir(P.dir) != 0)   /* an empty directory, gone: nothing to write */
        _exit(126);                                  /* into, nothing left behind in /tmp */
    limit(RLIMIT_CPU, PROBE_CPU_S);
#ifndef AE_SAN   /* AddressSanitizer reserves terabytes of address space */
    limit(RLIMIT_AS, PROBE_MEM);
#endif
    limit(RLIMIT_FSIZE, 0);
    limit(RLIMIT_CORE, 0);
    if (geteuid() == 0) {   /* as root: run as nobody, who may start no process */
        struct passwd *nobody = getpwnam("nobody");
        if (!nobody || setgroups(0, NULL) != 0 || setgid(nobody->pw_gid) != 0 || setuid(nobody->pw_uid) != 0)
            _exit(126);
#ifndef AE_SAN   /* LeakSanitizer stops the world with a thread of its own */
        limit(RLIMIT_NPROC, 0);
#endif
    }
    execl(path, path, (char *)NULL);
    _exit(127);
}

static void probe_start(const char *lesson)
{
    char path[4096];
    const char *dir = getenv("AE_PROBE_DIR"), *build = getenv("AE_BUILD");
    if (dir)
        snprintf(path, sizeof path, "%s/probe_%s", dir, lesson);
    else
        snprintf(path, sizeof path, "%s/grading/probe_%s", build ? build : "build/sol1", lesson);
    char *abs = realpath(path, NULL);   /* the probe starts in a directory of its own */
    if (!abs || access(abs, X_OK) != 0)
        ck_abort_msg("lesson %s's exercises.c did not build (compile error?): no %s", lesson, path);
    snprintf(path, sizeof path, "%s", abs);
    free(abs);
    const char *tmp = getenv("TMPDIR");
    snprintf(P.dir, sizeof P.dir, "%s/aelab-probe-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(P.dir))
        ck_abort_msg("grader: cannot make a directory for the probe (%s)", strerror(errno));
    int req[2], rep[2];
    if (pipe(req) != 0 || pipe(rep) != 0)
        ck_abort_msg("grader: pipe (%s)", strerror(errno));
    signal(SIGPIPE, SIG_IGN);
    P.pid = fork();
    if (P.pid < 0)
        ck_abort_msg("grader: fork (%s)", strerror(errno));
    if (P.pid == 0) {
        close(req[1]);
        close(rep[0]);
        child(path, req[0], rep[1]);
    }
    close(req[0]);
    close(rep[1]);
    wire_init(&P.req, req[1], 0);
    wire_init(&P.rep, rep[0], PROBE_TIMEOUT_MS);
    memcpy(P.lesson, lesson, 3);
    static int registered;
    if (!registered++)
        atexit(probe_stop);
}

/* How the probe ended, for the message; stops it. */
static const char *probe_fate(void)
{
    static char why[96];
    int status = 0;
    pid_t got = 0;
    for (int i = 0; i < 50 && (got = waitpid(P.pid, &status, WNOHANG)) == 0; i++)
        usleep(10000);
    if (got == P.pid && WIFEXITED(status))
        snprintf(why, sizeof why, "exited with status %d", WEXITSTATUS(status));
    else if (got == P.pid && WIFSIGNALED(status))
        snprintf(why, sizeof why, "was killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(why, sizeof why, "gave no complete answer within %d s", PROBE_TIMEOUT_MS / 1000);
    if (got == P.pid)
        P.pid = 0;
    probe_stop();
    return why;
}

wire *probe_begin(const char *fn)
{
    char lesson[3] = {fn[2], fn[3], '\0'};   /* "exNN_..." */
    if (P.pid == 0 || memcmp(P.lesson, lesson, 3) != 0) {
        probe_stop();
        probe_start(lesson);
    }
    snprintf(P.fn, sizeof P.fn, "%s", fn);
    P.req.failed = 0, P.req.len = 0;
    wire_put_u64(&P.req, WIRE_END);
    wire_put_str(&P.req, fn);
    return &P.req;
}

wire *probe_reply(void)
{
    if (wire_flush(&P.req) != 0)
        ck_abort_msg("%s: the submission's process %s", P.fn, probe_fate());
    P.rep.failed = 0;
    uint64_t status = wire_get_u64(&P.rep);
    if (P.rep.failed)
        ck_abort_msg("%s: the submission's process %s before answering", P.fn, probe_fate());
    if (status != 0) {
        char why[256];
        wire_get_str(&P.rep, why, sizeof why);
        probe_fate();
        ck_abort_msg("%s: %s", P.fn, P.rep.failed ? "the submission's process failed" : why);
    }
    return &P.rep;
}

void probe_end(wire *reply)
{
    if (wire_get_u64(reply) != WIRE_END || reply->failed)
        ck_abort_msg("%s: the submission's answer was cut short or had the wrong shape (%s)", P.fn, probe_fate());
}
