/*
 * Helpers shared by every Kite user program.
 *
 * Programs report errors the coreutils way through glibc's error(3):
 * "NAME: message: strerror(errno)", stdout flushed first.  What lives here is
 * what more than one program needs: checked allocation, strict number
 * parsing, human-readable sizes, user and group names read straight from
 * /etc/passwd and /etc/group (static glibc's NSS cannot load its modules on
 * a system without shared libraries), file-mode strings and chmod-style mode
 * expressions, signal names, and line reading.
 */
#ifndef KITE_UTIL_H
#define KITE_UTIL_H

#include <sys/types.h>
#include <error.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* xalloc.c: allocation that exits with "memory exhausted" on failure. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);

/* path.c: file names as strings, like basename(1) and dirname(1). */
char	*base_name(const char *);
char	*dir_name(const char *);
char	*path_join(const char *, const char *);
int	 is_dir(const char *);
int	 same_file(const char *, const char *);
void	 require_dir(const char *);
void	 need_two_operands(int, char **);
int	 to_target(int, char **, int, int (*)(const char *, const char *));

/* parse.c: whole-string numbers; 0 on success, -1 on junk or overflow. */
int	 parse_uintmax(const char *, int, uintmax_t *);
int	 parse_intmax(const char *, int, intmax_t *);
int	 parse_size(const char *, uintmax_t *);
int	 parse_duration(const char *, double *);
const char *obsolete_count(int *, char ***, int);

/* human.c: 1024-based sizes rounded up like coreutils -h ("4.0K", "13M"). */
#define HUMAN_BUFSZ	32
char	*human_size(uintmax_t, char [HUMAN_BUFSZ]);

/* ids.c: names from /etc/passwd and /etc/group; NULL when unknown. */
const char *user_name(uid_t);
const char *group_name(gid_t);
int	 user_lookup(const char *, uid_t *, gid_t *);
int	 group_lookup(const char *, gid_t *);
int	 owner_parse(const char *, uid_t *, gid_t *);
int	 group_parse(const char *, gid_t *);
size_t	 user_groups(const char *, gid_t, gid_t **);

/* mode.c: "drwxr-xr-x" and chmod(1) mode expressions. */
#define MODE_STRSZ	11
char	*mode_string(mode_t, char [MODE_STRSZ]);
int	 mode_apply(const char *, mode_t, int, mode_t, mode_t *);

/* sig.c: "HUP" <-> SIGHUP, also "SIGHUP", "hup" and "RTMIN+2". */
int	 sig_number(const char *);
const char *sig_name(int, char [16]);

/* lines.c: one line at a time, any length, newline kept. */
ssize_t	 read_line(FILE *, char **, size_t *);
char	*read_fd(int, size_t *);
char	*read_file(const char *, size_t *);

/* fileio.c: open "-" as stdin, copy a descriptor to another. */
FILE	*open_input(const char *);
void	 close_input(FILE *);
int	 copy_fd(int, int, int *);
int	 write_all(int, const char *, size_t);

/* headtail.c: the options and the file walk of head(1) and tail(1). */
struct headtail {
	uintmax_t count;	/* lines, or bytes with -c; 10 lines by default */
	int	 bytes;		/* -c */
	int	 sign;		/* '-' or '+' before the count, else 0 */
	int	 headers;	/* -v 1, -q 0; -1: only with several files */
	int	 follow;	/* tail -f */
};
/* Parse the options; *argc and *argv are left with the operands only. */
void	 headtail_parse(int *, char ***, const char *, const char *, int,
	    struct headtail *);
/* fn(file, last) on each operand, 0 or -1 with errno; the exit status. */
int	 headtail_each(int, char **, const struct headtail *,
	    int (*)(FILE *, int));

/* usage.c: getopt(3) with --help and "Try 'NAME --help'" on errors. */
int	 getopt_help(int, char **, const char *, const char *, int);
void	 try_help(void) __attribute__((noreturn));
void	 usage_error(const char *, const char *) __attribute__((noreturn));

/* datetime.c: "YYYY-MM-DD HH:MM:SS" or "@SECONDS"; 0 on success. */
int	 parse_date(const char *, struct timespec *);
int	 parse_time_with(const char *, const char *const *, struct tm *);

/* term.c: $COLUMNS, else the terminal's width; -1 if neither. */
int	 terminal_columns(size_t *);

/* power.c: the whole of poweroff and reboot; how is an RB_* command. */
int	 power_main(int, char **, int);

#endif
