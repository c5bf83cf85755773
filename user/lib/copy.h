/*
 * Copying and removing whole trees, shared by cp, mv and rm.  Errors are
 * reported here, coreutils-style ("cp: cannot stat 'x': ..."), so the
 * callers only learn that something failed.
 */
#ifndef KITE_COPY_H
#define KITE_COPY_H

struct copy_opts {
	int	 recursive;	/* copy directories (-r) */
	int	 preserve;	/* mode, owner and times (-p) */
	int	 no_deref;	/* copy symbolic links as links (-P, -r, -a) */
	int	 force;		/* replace a destination that cannot be opened */
};

/* Copy src to dst (which names the copy itself); 0 or -1. */
int	 copy_tree(const char *, const char *, const struct copy_opts *);

/* Remove path and, for a directory, all below it; 0 or -1.  With force,
 * a path that does not exist is no error. */
int	 remove_tree(const char *, int);

#endif
