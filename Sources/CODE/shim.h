// The Open Dynamics Engine's C API, as Swift sees it through the CODE module.
// Debian's libode-dev is built in double precision, so dReal is double.
#ifndef ODESSA_CODE_SHIM_H
#define ODESSA_CODE_SHIM_H

#include <ode/ode.h>

// dMessage is variadic and so not callable from Swift; this wrapper lets tests check that
// ODE's messages reach the handler Odessa installs.
static inline void odessa_ode_message(int number, const char *text) {
  dMessage(number, "%s", text);
}

#endif
