#ifndef CLAIMTRACKER_CLIBPQ_SHIM_H
#define CLAIMTRACKER_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
