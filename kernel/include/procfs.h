/*
 * procfs registration: subsystems publish read-only or root-writable text
 * files under /proc without knowing how procfs works.
 *
 *   static int show_sem(struct seqbuf *sb) { seqbuf_printf(sb, "...\n"); return 0; }
 *   proc_create("sysvipc/sem", 0444, show_sem, NULL);
 *
 * A show function renders the whole file into sb on each open (the reader
 * then reads from that snapshot); a write function gets the written bytes
 * (root only for mode 0644 files) and returns 0 or -errno.
 */
#ifndef KITE_PROCFS_H
#define KITE_PROCFS_H

#include <types.h>

struct seqbuf;

void seqbuf_printf(struct seqbuf *sb, const char *fmt, ...) __printf(2, 3);

typedef int (*proc_show_fn)(struct seqbuf *sb);
typedef int (*proc_write_fn)(const char *buf, size_t len);

/* path is relative to /proc; intermediate directories are created. */
int proc_create(const char *path, unsigned mode, proc_show_fn show, proc_write_fn write);

/* The scheduler tick samples the run queues for /proc/loadavg (hart 0 every 5 s). */
void loadavg_tick(void);

#endif
