/* act — elementwise activations, forward and backward. See act.h. */
#include "act.h"

#include <math.h>
#include <string.h>

#include "err.h"
#include "student.h"
#include "vecmath.h"

static const char *const act_names[] = {"identity", "relu", "leaky_relu",
                                        "sigmoid", "tanh", "softplus"};
#define AE_NACT (sizeof act_names / sizeof act_names[0])

const char *ae_act_name(ae_act f)
{
    return (size_t)f < AE_NACT ? act_names[f] : "?";
}

int ae_act_parse(const char *name)
{
    for (size_t k = 0; k < AE_NACT; k++)
        if (strcmp(name, act_names[k]) == 0)
            return (int)k;
    return -1;
}

/* sigma(x) = 1 / (1 + e^-x), written so that exp never overflows */
double ae_sigmoid(double x)
{
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}

/* log(1 + e^x) = max(x, 0) + log(1 + e^-|x|) */
double ae_softplus(double x)
{
    return fmax(x, 0.0) + log1p(exp(-fabs(x)));
}

/* ---- one loop per activation over a row, so that gcc vectorises each (vecmath.h) ---- */

/* v = f(v) */
AE_VECTORISE
static void forward_row(ae_act f, double *v, size_t n)
{
    switch (f) {
    case AE_IDENTITY:
        return;
    case AE_RELU:
        for (size_t i = 0; i < n; i++)
            v[i] = v[i] > 0 ? v[i] : 0.0;
        return;
    case AE_LEAKY_RELU:
        for (size_t i = 0; i < n; i++) {
            double leak = AE_LEAKY_SLOPE * v[i];   /* outside the ?: so that gcc vectorises */
            v[i] = v[i] > 0 ? v[i] : leak;
        }
        return;
    case AE_SIGMOID:
        for (size_t i = 0; i < n; i++) {   /* sigma(x) from e = e^-|x|, which never overflows */
            double e = exp(-fabs(v[i]));
            v[i] = (v[i] >= 0 ? 1.0 : e) / (1.0 + e);
        }
        return;
    case AE_TANH:
        for (size_t i = 0; i < n; i++)
            v[i] = tanh(v[i]);
        return;
    case AE_SOFTPLUS:
        for (size_t i = 0; i < n; i++)     /* log(1 + e^x) = max(x, 0) + log(1 + e^-|x|) */
            v[i] = (v[i] > 0 ? v[i] : 0.0) + log1p(exp(-fabs(v[i])));
        return;
    }
    AE_ASSERT(!"unknown activation");
}

/* d = d * f'(.), from the forward's output y or input x */
AE_VECTORISE
static void backward_row(ae_act f, double *restrict d, const double *restrict y,
                         const double *restrict x, size_t n)
{
    switch (f) {
    case AE_IDENTITY:
        return;
    case AE_RELU:
#ifdef SOLUTION
        for (size_t i = 0; i < n; i++)
            d[i] = y[i] > 0 ? d[i] : 0.0;
#else
        student_relu_backward(d, y, n);   /* exercise 0.2 */
#endif
        return;
    case AE_LEAKY_RELU:
        for (size_t i = 0; i < n; i++) {
            double leak = AE_LEAKY_SLOPE * d[i];
            d[i] = x[i] > 0 ? d[i] : leak;
        }
        return;
    case AE_SIGMOID:
        for (size_t i = 0; i < n; i++)
            d[i] *= y[i] * (1.0 - y[i]);       /* sigma' = y (1 - y) */
        return;
    case AE_TANH:
#ifdef SOLUTION
        for (size_t i = 0; i < n; i++)
            d[i] *= 1.0 - y[i] * y[i];         /* tanh' = 1 - y^2 */
#else
        student_tanh_backward(d, y, n);   /* exercise 10.1 */
#endif
        return;
    case AE_SOFTPLUS:
        for (size_t i = 0; i < n; i++) {       /* softplus' = sigma(x) */
            double e = exp(-fabs(x[i]));
            d[i] *= (x[i] >= 0 ? 1.0 : e) / (1.0 + e);
        }
        return;
    }
    AE_ASSERT(!"unknown activation");
}

static int same_shape(const gsl_matrix *A, const gsl_matrix *B)
{
    return A->size1 == B->size1 && A->size2 == B->size2;
}

/* Row n of M. */
static double *row(const gsl_matrix *M, size_t n)
{
    return M->data + n * M->tda;
}

void ae_act_forward(ae_act f, gsl_matrix *Y, const gsl_matrix *X)
{
    AE_ASSERT(same_shape(Y, X));
    size_t width = X->size2;
    for (size_t n = 0; n < X->size1; n++) {
        if (row(Y, n) != row(X, n))   /* y = x, then y = f(y) */
            memcpy(row(Y, n), row(X, n), width * sizeof(double));
        forward_row(f, row(Y, n), width);
    }
}

/* Y or X may be NULL when f' is not taken from it (see act.h). */
void ae_act_backward(ae_act f, gsl_matrix *dX, const gsl_matrix *Y, const gsl_matrix *X,
                     const gsl_matrix *dY)
{
    int from_x = (f == AE_LEAKY_RELU || f == AE_SOFTPLUS);
    int from_y = (f == AE_RELU || f == AE_SIGMOID || f == AE_TANH);
    AE_ASSERT(same_shape(dX, dY));
    AE_ASSERT(!from_x || X != NULL);
    AE_ASSERT(!from_y || Y != NULL);
    AE_ASSERT(X == NULL || same_shape(X, dY));
    AE_ASSERT(Y == NULL || same_shape(Y, dY));
    size_t width = dY->size2;
    /* dX = dY * f'(.) */
    for (size_t n = 0; n < dY->size1; n++) {
        if (row(dX, n) != row(dY, n))
            memcpy(row(dX, n), row(dY, n), width * sizeof(double));
        backward_row(f, row(dX, n), from_y ? row(Y, n) : NULL, from_x ? row(X, n) : NULL, width);
    }
}
