/* net — fuzz the parameter-file reader ae_net_load, then run the net it built. */
#include "fuzz.h"   /* first: it defines _GNU_SOURCE */
#include "net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    ae_net *net;
    int st = ae_net_load(&net, path, 2);
    fuzz_status(st, path);
    if (st != AE_OK) {
        if (net != NULL)
            abort();
        return 0;
    }
    char desc[512];
    ae_net_describe(net, desc, sizeof desc);
    gsl_matrix *X = gsl_matrix_calloc(2, net->sizes[0]);
    const gsl_matrix *Y = ae_net_forward(net, X);
    gsl_matrix *dY = gsl_matrix_alloc(Y->size1, Y->size2);   /* dL/dY = Y, in its own buffer */
    gsl_matrix_memcpy(dY, Y);
    ae_net_backward(net, dY, AE_WANT_DX);
    gsl_matrix_free(dY);
    gsl_matrix_free(X);
    ae_net_free(net);
    return 0;
}
