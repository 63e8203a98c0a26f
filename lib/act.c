/* act — elementwise activations, forward and backward. See act.h. */
#include "act.h"

#include <math.h>
#include <string.h>

#include "err.h"

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

static double act_scalar(ae_act f, double x)
{
    switch (f) {
    case AE_IDENTITY: return x;
    case AE_RELU: return x > 0 ? x : 0.0;
    case AE_LEAKY_RELU: return x > 0 ? x : AE_LEAKY_SLOPE * x;
    case AE_SIGMOID: return ae_sigmoid(x);
    case AE_TANH: return tanh(x);
    case AE_SOFTPLUS: return ae_softplus(x);
    }
    AE_ASSERT(!"unknown activation");
    return 0.0;
}

/* f'(.) from the forward output y or input x */
static double act_deriv(ae_act f, double y, double x)
{
    switch (f) {
    case AE_IDENTITY: return 1.0;
    case AE_RELU: return y > 0 ? 1.0 : 0.0;
    case AE_LEAKY_RELU: return x > 0 ? 1.0 : AE_LEAKY_SLOPE;
    case AE_SIGMOID: return y * (1.0 - y);      /* sigma' = y (1 - y) */
    case AE_TANH: return 1.0 - y * y;           /* tanh' = 1 - y^2 */
    case AE_SOFTPLUS: return ae_sigmoid(x);     /* softplus' = sigma(x) */
    }
    AE_ASSERT(!"unknown activation");
    return 0.0;
}

static int same_shape(const gsl_matrix *A, const gsl_matrix *B)
{
    return A->size1 == B->size1 && A->size2 == B->size2;
}

void ae_act_forward(ae_act f, gsl_matrix *Y, const gsl_matrix *X)
{
    AE_ASSERT(same_shape(Y, X));
    for (size_t n = 0; n < X->size1; n++) {
        const double *x = X->data + n * X->tda;
        double *y = Y->data + n * Y->tda;
        for (size_t i = 0; i < X->size2; i++)
            y[i] = act_scalar(f, x[i]);
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
    /* dX = dY * f'(.) */
    for (size_t n = 0; n < dY->size1; n++) {
        const double *dy = dY->data + n * dY->tda;
        const double *y = from_y ? Y->data + n * Y->tda : NULL;
        const double *x = from_x ? X->data + n * X->tda : NULL;
        double *dx = dX->data + n * dX->tda;
        for (size_t i = 0; i < dY->size2; i++)
            dx[i] = dy[i] * act_deriv(f, y ? y[i] : 0.0, x ? x[i] : 0.0);
    }
}
