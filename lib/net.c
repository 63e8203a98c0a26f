/* net — a sequential stack of dense layers and activations (see net.h). */
#include "net.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_blas.h>

#include "err.h"
#include "out.h"

/* f' from the output alone: h_l may overwrite a_l. */
static int output_only(ae_act f)
{
    return f == AE_IDENTITY || f == AE_RELU || f == AE_SIGMOID || f == AE_TANH;
}

ae_net *ae_net_alloc(size_t nlayers, const size_t *sizes, const ae_act *f, size_t max_batch)
{
    AE_ASSERT(nlayers >= 1 && nlayers <= AE_NET_MAX_LAYERS && max_batch >= 1);
    ae_net *net = calloc(1, sizeof *net);
    AE_ASSERT(net != NULL);
    net->nlayers = nlayers;
    net->max_batch = max_batch;
    net->sizes[0] = sizes[0];
    net->dX = gsl_matrix_alloc(max_batch, sizes[0]);
    for (size_t i = 0; i < nlayers; i++) {
        net->sizes[i + 1] = sizes[i + 1];
        net->f[i] = f[i];
        net->layer[i] = ae_dense_alloc(sizes[i], sizes[i + 1]);
        net->A[i] = gsl_matrix_alloc(max_batch, sizes[i + 1]);
        net->H[i] = output_only(f[i]) ? net->A[i] : gsl_matrix_alloc(max_batch, sizes[i + 1]);
        net->dH[i] = gsl_matrix_alloc(max_batch, sizes[i + 1]);
    }
    return net;
}

void ae_net_free(ae_net *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->nlayers; i++) {
        if (net->H[i] != net->A[i])
            gsl_matrix_free(net->H[i]);
        gsl_matrix_free(net->A[i]);
        gsl_matrix_free(net->dH[i]);
        ae_dense_free(net->layer[i]);
    }
    gsl_matrix_free(net->dX);
    free(net);
}

void ae_net_init(ae_net *net, gsl_rng *r, double gain)
{
    for (size_t i = 0; i < net->nlayers; i++) {
        double s = (net->f[i] == AE_RELU || net->f[i] == AE_LEAKY_RELU) ? sqrt(2.0) : 1.0;
        ae_dense_init(net->layer[i], r, gain * s);
    }
}

void ae_net_add_params(ae_net *net, ae_optim *o)
{
    for (size_t i = 0; i < net->nlayers; i++) {
        ae_dense_add_params(net->layer[i], o);
    }
}

size_t ae_net_nparams(const ae_net *net)
{
    size_t n = 0;
    for (size_t i = 0; i < net->nlayers; i++)
        n += net->sizes[i + 1] * (net->sizes[i] + 1);
    return n;
}

/* Views of the first B rows of every buffer. */
static void set_batch(ae_net *net, size_t B)
{
    net->batch = B;
    for (size_t i = 0; i < net->nlayers; i++) {
        net->a[i] = gsl_matrix_submatrix(net->A[i], 0, 0, B, net->sizes[i + 1]);
        net->h[i] = gsl_matrix_submatrix(net->H[i], 0, 0, B, net->sizes[i + 1]);
        net->dh[i] = gsl_matrix_submatrix(net->dH[i], 0, 0, B, net->sizes[i + 1]);
    }
    net->dx = gsl_matrix_submatrix(net->dX, 0, 0, B, net->sizes[0]);
}

const gsl_matrix *ae_net_forward(ae_net *net, const gsl_matrix *X)
{
    return ae_net_forward_to(net, X, net->nlayers);
}

const gsl_matrix *ae_net_forward_to(ae_net *net, const gsl_matrix *X, size_t l)
{
    AE_ASSERT(X->size1 >= 1 && X->size1 <= net->max_batch && X->size2 == net->sizes[0]);
    AE_ASSERT(l >= 1 && l <= net->nlayers);
    if (X->size1 != net->batch)
        set_batch(net, X->size1);
    net->X = l == net->nlayers ? X : NULL;   /* a backward needs the whole forward */
    const gsl_matrix *in = X;
    for (size_t i = 0; i < l; i++) {
        ae_dense_forward(&net->a[i].matrix, in, net->layer[i]);      /* a = h W^T + 1 b^T */
        ae_act_forward(net->f[i], &net->h[i].matrix, &net->a[i].matrix);   /* h = f(a) */
        in = &net->h[i].matrix;
    }
    return in;
}

const gsl_matrix *ae_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX)
{
    size_t L = net->nlayers;
    AE_ASSERT(net->X != NULL && dY->size1 == net->batch && dY->size2 == net->sizes[L]);
    /* f_L' is taken from h_L where h_L overwrote a_L: dY must not have overwritten it */
    AE_ASSERT(dY->data != net->h[L - 1].matrix.data || net->f[L - 1] == AE_IDENTITY ||
              net->A[L - 1] != net->H[L - 1]);
    /* da_L = dh_L * f_L'(.) */
    ae_act_backward(net->f[L - 1], &net->dh[L - 1].matrix, &net->h[L - 1].matrix,
                    &net->a[L - 1].matrix, dY);
    for (size_t i = L; i-- > 0;) {
        const gsl_matrix *in = i ? &net->h[i - 1].matrix : net->X;
        gsl_matrix *din = i ? &net->dh[i - 1].matrix : (want_dX == AE_WANT_DX ? &net->dx.matrix : NULL);
        /* dW += da^T h_prev, db += 1^T da, dh_prev = da W */
        ae_dense_backward(din, net->layer[i], &net->dh[i].matrix, in);
        if (i)   /* da_prev = dh_prev * f_prev'(.), in place */
            ae_act_backward(net->f[i - 1], din, &net->h[i - 1].matrix, &net->a[i - 1].matrix, din);
    }
    return want_dX == AE_WANT_DX ? &net->dx.matrix : NULL;
}

const gsl_matrix *ae_net_backward_input(ae_net *net, const gsl_matrix *dY)
{
    size_t L = net->nlayers;
    AE_ASSERT(net->X != NULL && dY->size1 == net->batch && dY->size2 == net->sizes[L]);
    ae_act_backward(net->f[L - 1], &net->dh[L - 1].matrix, &net->h[L - 1].matrix,
                    &net->a[L - 1].matrix, dY);                      /* da_L = dh_L * f'(.) */
    for (size_t i = L; i-- > 0;) {
        gsl_matrix *din = i ? &net->dh[i - 1].matrix : &net->dx.matrix;
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &net->dh[i].matrix, net->layer[i]->W, 0.0, din);
        if (i)   /* da_{l-1} = dh_{l-1} * f'(.), in place */
            ae_act_backward(net->f[i - 1], din, &net->h[i - 1].matrix, &net->a[i - 1].matrix, din);
    }
    return &net->dx.matrix;
}

void ae_net_copy(ae_net *dst, const ae_net *src)
{
    AE_ASSERT(dst->nlayers == src->nlayers);
    for (size_t i = 0; i < src->nlayers; i++) {
        AE_ASSERT(dst->sizes[i + 1] == src->sizes[i + 1] && dst->f[i] == src->f[i]);
        gsl_matrix_memcpy(dst->layer[i]->W, src->layer[i]->W);
        gsl_vector_memcpy(dst->layer[i]->b, src->layer[i]->b);
    }
}

const gsl_matrix *ae_net_hidden(const ae_net *net, size_t l)
{
    AE_ASSERT(l >= 1 && l <= net->nlayers && net->batch > 0);
    return &net->h[l - 1].matrix;
}

const char *ae_net_describe(const ae_net *net, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i <= net->nlayers && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, i ? "-%zu" : "%zu", net->sizes[i]);
    for (size_t i = 0; i < net->nlayers && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, i ? "-%s" : " %s", ae_act_name(net->f[i]));
    return buf;
}

/* ---- parameter files: little-endian, whatever the machine ---- */

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
    FILE *f = fopen(path, "rb");
    if (!f)
        return ae_fail("%s: cannot open (%s)", path, strerror(errno));
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
