/* probe — the runner's side of the grader: the submission's functions, called in
 * another process.
 *
 * The first call starts the probe of the exercise's lesson ($AE_PROBE_DIR/probe_NN, or
 * $AE_BUILD/grading/probe_NN): in a session of its own, in an empty directory, with
 * its environment cleared and rlimits set (CPU time, memory, no file writes, no core,
 * no new processes when the grader runs as root, which also runs it as nobody). A shim
 * then writes the arguments (probe_begin), reads the outputs (probe_reply ... probe_end).
 * Anything else (an exit, a crash, a timeout, a reply cut short or of the wrong shape)
 * fails the calling test with a message; nothing the probe does reaches the verdict.
 */
#ifndef AE_PROBE_H
#define AE_PROBE_H

#include "wire.h"

#define PROBE_TIMEOUT_MS 10000   /* the longest a call may take */

/* Start a call of fn ("ex07_gauss_kl"): the request, for the arguments. */
wire *probe_begin(const char *fn);

/* Send the request; the reply, for the outputs (a refusal or failure fails the test). */
wire *probe_reply(void);

/* The end of the reply: fails the test unless every output arrived whole. */
void probe_end(wire *reply);

#endif
