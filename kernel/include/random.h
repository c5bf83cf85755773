/* The kernel's random numbers: a ChaCha20-based generator (lib/random.c). */
#ifndef KITE_RANDOM_H
#define KITE_RANDOM_H

#include <types.h>

void random_init(const void *seed, size_t len);
void random_add_entropy(const void *data, size_t len);
void get_random_bytes(void *buf, size_t n);

#endif
