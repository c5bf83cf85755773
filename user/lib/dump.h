/*
 * The block loop of od and hexdump: all inputs read as one stream, cut
 * into lines of a fixed number of bytes, each handed to a printer, a run
 * of identical lines shown once and then as "*" (unless verbose), and
 * the offset of the end printed last (unless every input failed).
 */
#ifndef KITE_DUMP_H
#define KITE_DUMP_H

#include <stddef.h>
#include <stdint.h>

struct dumper {
	size_t	 width;		/* bytes per line, at most DUMP_MAX_WIDTH */
	int	 verbose;	/* print repeated lines too */
	void	 (*line)(uintmax_t offset, const unsigned char *, size_t);
	void	 (*end)(uintmax_t offset);
};

#define DUMP_MAX_WIDTH	64

/* Dump the named files ("-" is stdin) in order; 0, or -1 if one failed. */
int	 dump(const struct dumper *, char **, int);

#endif
