/* netfile — a net's parameter file: ae_net_save, ae_net_load, ae_net_load_into (see net.h).
 *
 *   "aelabnet", u32 version, u32 L, L + 1 u32 sizes, L u32 activation codes, then
 *   W_l (sizes[l] x sizes[l-1], row-major) and b_l for l = 1..L as doubles;
 *   every number little-endian, whatever the machine.
 */
#include "net.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "out.h"
#include "parse.h"

static void put_u32(FILE *f, uint32_t v)
{
    unsigned char b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
    fwrite(b, 1, 4, f);
}

static void put_doubles(FILE *f, const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        uint64_t u;
        memcpy(&u, &v[k], 8);
        unsigned char b[8];
        for (int j = 0; j < 8; j++)
            b[j] = (unsigned char)(u >> (8 * j));
        fwrite(b, 1, 8, f);
    }
}

int ae_net_save(const ae_net *net, const char *dir, const char *name)
{
    ae_out w;
    int status = ae_out_open(&w, dir, name, NULL);
    if (status)
        return status;
    fwrite(AE_NET_MAGIC, 1, 8, w.f);
    put_u32(w.f, AE_NET_VERSION);
    put_u32(w.f, (uint32_t)net->nlayers);
    for (size_t i = 0; i <= net->nlayers; i++)
        put_u32(w.f, (uint32_t)net->sizes[i]);
    for (size_t i = 0; i < net->nlayers; i++)
        put_u32(w.f, (uint32_t)net->f[i]);
    for (size_t i = 0; i < net->nlayers; i++) {   /* W and b are contiguous (tda == size2) */
        put_doubles(w.f, net->layer[i]->W->data, net->layer[i]->W->size1 * net->layer[i]->W->size2);
        put_doubles(w.f, net->layer[i]->b->data, net->layer[i]->b->size);
    }
    return ae_out_close(&w);
}

/* A cursor over the bytes of a file. */
typedef struct {
    const char *path;
    const unsigned char *p, *end;
} reader;

static int get_u32(reader *r, uint32_t *v, const char *what)
{
    if (r->end - r->p < 4)
        return ae_fail("%s: truncated in the %s (not an aelab parameter file?)", r->path, what);
    *v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
    r->p += 4;
    return AE_OK;
}

static int get_doubles(reader *r, double *v, size_t n)
{
    AE_ASSERT((size_t)(r->end - r->p) / 8 >= n);   /* read_header checked the length */
    for (size_t k = 0; k < n; k++, r->p += 8) {
        uint64_t u = 0;
        for (int j = 0; j < 8; j++)
            u |= (uint64_t)r->p[j] << (8 * j);
        memcpy(&v[k], &u, 8);
        if (!isfinite(v[k]))
            return ae_fail("%s: a parameter is NaN or Inf", r->path);
    }
    return AE_OK;
}

/* The whole file in memory (free it). */
static int slurp(const char *path, unsigned char **buf, size_t *len)
{
    FILE *f = fopen_regular(path, "");
    if (!f)
        return AE_EINPUT;
    size_t cap = 1 << 16, n = 0, got;
    unsigned char *b = malloc(cap);
    AE_ASSERT(b != NULL);
    while ((got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            b = realloc(b, cap);
            AE_ASSERT(b != NULL);
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return ae_fail("%s: cannot read", path);
    }
    *buf = b;
    *len = n;
    return AE_OK;
}

/* The header: magic, version, L, sizes, activations. */
static int read_header(reader *r, size_t *L, size_t *sizes, ae_act *f)
{
    uint32_t v;
    if (r->end - r->p < 8 || memcmp(r->p, AE_NET_MAGIC, 8) != 0)
        return ae_fail("%s: not an aelab parameter file (no '%s' magic)", r->path, AE_NET_MAGIC);
    r->p += 8;
    if (get_u32(r, &v, "version"))
        return AE_EINPUT;
    if (v != AE_NET_VERSION)
        return ae_fail("%s: parameter file version %u, this program reads version %u", r->path, v,
                       AE_NET_VERSION);
    if (get_u32(r, &v, "layer count"))
        return AE_EINPUT;
    if (v < 1 || v > AE_NET_MAX_LAYERS)
        return ae_fail("%s: %u layers, want 1 to %d", r->path, v, AE_NET_MAX_LAYERS);
    *L = v;
    for (size_t i = 0; i <= *L; i++) {
        if (get_u32(r, &v, "layer sizes"))
            return AE_EINPUT;
        if (v < 1 || v > AE_NET_MAX_WIDTH)
            return ae_fail("%s: layer width %u, want 1 to %d", r->path, v, AE_NET_MAX_WIDTH);
        sizes[i] = v;
    }
    for (size_t i = 0; i < *L; i++) {
        if (get_u32(r, &v, "activations"))
            return AE_EINPUT;
        if (v > AE_SOFTPLUS)
            return ae_fail("%s: unknown activation code %u", r->path, v);
        f[i] = (ae_act)v;
    }
    size_t need = 0;
    for (size_t i = 0; i < *L; i++)
        need += sizes[i + 1] * (sizes[i] + 1) * 8;
    size_t have = (size_t)(r->end - r->p);
    if (have < need)
        return ae_fail("%s: truncated: %zu bytes of parameters, want %zu", r->path, have, need);
    if (have > need)
        return ae_fail("%s: %zu bytes after the parameters; the file is damaged", r->path,
                       have - need);
    return AE_OK;
}

static int read_params(reader *r, ae_net *net)
{
    for (size_t i = 0; i < net->nlayers; i++) {
        ae_dense *d = net->layer[i];
        if (get_doubles(r, d->W->data, d->W->size1 * d->W->size2) ||
            get_doubles(r, d->b->data, d->b->size))
            return AE_EINPUT;
    }
    return AE_OK;
}

int ae_net_load(ae_net **net, const char *path, size_t max_batch)
{
    unsigned char *buf = NULL;
    size_t len = 0, L = 0, sizes[AE_NET_MAX_LAYERS + 1];
    ae_act f[AE_NET_MAX_LAYERS];
    *net = NULL;
    if (slurp(path, &buf, &len))
        return AE_EINPUT;
    reader r = {path, buf, buf + len};
    int status = read_header(&r, &L, sizes, f);
    if (!status) {
        *net = ae_net_alloc(L, sizes, f, max_batch);
        status = read_params(&r, *net);
        if (status) {
            ae_net_free(*net);
            *net = NULL;
        }
    }
    free(buf);
    return status;
}

int ae_net_load_into(ae_net *net, const char *path)
{
    ae_net *got;
    if (ae_net_load(&got, path, 1))
        return AE_EINPUT;
    char want[512], have[512];
    ae_net_describe(net, want, sizeof want);
    ae_net_describe(got, have, sizeof have);
    int status = AE_OK;
    if (strcmp(want, have) != 0)
        status = ae_fail("%s: holds a %s model, this program needs %s", path, have, want);
    if (!status)
        ae_net_copy(net, got);
    ae_net_free(got);
    return status;
}
