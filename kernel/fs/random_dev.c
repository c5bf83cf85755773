/*
 * /dev/random and /dev/urandom (char 1,8 and 1,9): both read the kernel's
 * ChaCha20 generator (lib/random.c), which is seeded at boot from the
 * device tree's rng-seed and the timer, so neither ever blocks, as on
 * Linux 5.18 and later once the pool is initialized. Writing mixes the
 * data into the generator's key without crediting it as entropy, as
 * Linux does for writes.
 *
 * Locking: none here; the generator has its own lock, and user memory is
 * only touched between calls into it.
 */
#include <vfs.h>
#include <random.h>
#include <mm.h>
#include <signal.h>
#include <proc.h>
#include <string.h>
#include <errno.h>
#include "fs_impl.h"

#define MEM_MAJOR	1
#define RANDOM_MINOR	8
#define URANDOM_MINOR	9

/* Bytes move through a buffer on the stack this many at a time. */
#define CHUNK	256

/*
 * Fill uio from the generator, or mix what it holds into it (write). A
 * long transfer stops early for a signal, as Linux's does, between pages.
 */
static ssize_t
random_move(struct uio *uio, bool write)
{
	uint8_t chunk[CHUNK];
	size_t done = 0;
	int error = 0;

	while (uio->resid > 0) {
		size_t n = MIN(uio->resid, sizeof(chunk));

		if (done > 0 && done % PAGE_SIZE == 0 && signal_pending(current)) {
			error = -EINTR;
			break;
		}
		if (!write)
			get_random_bytes(chunk, n);
		error = uiomove(chunk, n, uio);
		if (error != 0)
			break;
		if (write)
			random_add_entropy(chunk, n);
		done += n;
	}
	memset(chunk, 0, sizeof(chunk));	/* leave no generator output on the stack */
	return done > 0 ? (ssize_t)done : error;
}

static ssize_t
random_read(struct file *f, struct uio *uio, off_t *pos)
{
	return random_move(uio, false);
}

static ssize_t
random_write(struct file *f, struct uio *uio, off_t *pos)
{
	return random_move(uio, true);
}

/* Positions are accepted and ignored, as Linux's random devices do. */
static const struct file_ops random_fops = {
	.read = random_read, .write = random_write, .seekable = true,
};

void
random_dev_init(void)
{
	register_chrdev(MKDEV(MEM_MAJOR, RANDOM_MINOR), &random_fops);
	register_chrdev(MKDEV(MEM_MAJOR, URANDOM_MINOR), &random_fops);
}
