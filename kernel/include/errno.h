#ifndef KITE_ERRNO_H
#define KITE_ERRNO_H
#include <uapi/errno.h>
#endif
