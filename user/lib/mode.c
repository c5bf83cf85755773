/*
 * File modes: the ten-character string of ls -l and stat, and the mode
 * expressions of chmod, mkdir -m and mkfifo -m.
 *
 * An expression is an octal number or a comma-separated list of clauses
 * [ugoa]*[-+=][rwxXst]* (or [-+=][ugo] to copy another class's bits).  A
 * clause without [ugoa] acts on every class but leaves the bits of the
 * umask alone, which is what POSIX asks of chmod.
 */
#include <sys/stat.h>
#include <string.h>

#include "util.h"

#define ALL_PERMS	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)
#define READ_BITS	(S_IRUSR | S_IRGRP | S_IROTH)
#define WRITE_BITS	(S_IWUSR | S_IWGRP | S_IWOTH)
#define EXEC_BITS	(S_IXUSR | S_IXGRP | S_IXOTH)
#define OCTAL_SETID_DIGITS 5	/* fewer digits keep a directory's set-id bits */

static char
type_char(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFDIR:	return 'd';
	case S_IFLNK:	return 'l';
	case S_IFCHR:	return 'c';
	case S_IFBLK:	return 'b';
	case S_IFIFO:	return 'p';
	case S_IFSOCK:	return 's';
	default:	return '-';
	}
}

/* 'x', or the set-id/sticky letter: lower case if also executable. */
static char
exec_char(mode_t m, mode_t x, mode_t special, char letter)
{
	if (m & special)
		return (m & x) ? letter : letter - 'a' + 'A';
	return (m & x) ? 'x' : '-';
}

char *
mode_string(mode_t m, char s[MODE_STRSZ])
{
	s[0] = type_char(m);
	s[1] = (m & S_IRUSR) ? 'r' : '-';
	s[2] = (m & S_IWUSR) ? 'w' : '-';
	s[3] = exec_char(m, S_IXUSR, S_ISUID, 's');
	s[4] = (m & S_IRGRP) ? 'r' : '-';
	s[5] = (m & S_IWGRP) ? 'w' : '-';
	s[6] = exec_char(m, S_IXGRP, S_ISGID, 's');
	s[7] = (m & S_IROTH) ? 'r' : '-';
	s[8] = (m & S_IWOTH) ? 'w' : '-';
	s[9] = exec_char(m, S_IXOTH, S_ISVTX, 't');
	s[10] = '\0';
	return s;
}

static int
apply_octal(const char *spec, mode_t old, int is_dir, mode_t *out)
{
	uintmax_t v;
	mode_t keep = 0;

	if (parse_uintmax(spec, 8, &v) != 0 || v > ALL_PERMS)
		return -1;
	if (is_dir && strlen(spec) < OCTAL_SETID_DIGITS)
		keep = old & (S_ISUID | S_ISGID);
	*out = (old & ~ALL_PERMS) | keep | v;
	return 0;
}

/* The bits of class 'u', 'g' or 'o' of m, copied into all three classes. */
static mode_t
copy_class(char c, mode_t m)
{
	int shift = c == 'u' ? 6 : c == 'g' ? 3 : 0;
	mode_t rwx = (m >> shift) & S_IRWXO;

	return rwx | rwx << 3 | rwx << 6;
}

static mode_t
who_bits(char c)
{
	switch (c) {
	case 'u':	return S_ISUID | S_IRWXU;
	case 'g':	return S_ISGID | S_IRWXG;
	case 'o':	return S_ISVTX | S_IRWXO;
	case 'a':	return ALL_PERMS;
	default:	return 0;
	}
}

/* The permission letters after an operator; NULL if one is unknown. */
static const char *
perm_bits(const char *p, mode_t m, int is_dir, mode_t *value)
{
	*value = 0;
	if (*p == 'u' || *p == 'g' || *p == 'o') {
		*value = copy_class(*p, m);
		return p + 1;
	}
	for (; *p != '\0' && strchr(",+-=", *p) == NULL; p++) {
		switch (*p) {
		case 'r': *value |= READ_BITS; break;
		case 'w': *value |= WRITE_BITS; break;
		case 'x': *value |= EXEC_BITS; break;
		case 'X':
			if (is_dir || (m & EXEC_BITS))
				*value |= EXEC_BITS;
			break;
		case 's': *value |= S_ISUID | S_ISGID; break;
		case 't': *value |= S_ISVTX; break;
		default: return NULL;
		}
	}
	return p;
}

/* One clause "[ugoa]*(op perms)+"; returns the text after it or NULL. */
static const char *
apply_clause(const char *p, mode_t *m, int is_dir, mode_t umask_bits)
{
	mode_t who = 0, value;
	char op;

	for (; who_bits(*p) != 0; p++)
		who |= who_bits(*p);
	if (*p != '+' && *p != '-' && *p != '=')
		return NULL;
	while (*p == '+' || *p == '-' || *p == '=') {
		op = *p++;
		if ((p = perm_bits(p, *m, is_dir, &value)) == NULL)
			return NULL;
		value &= who != 0 ? who : ~umask_bits;
		if (op == '=')
			*m = (*m & (who != 0 ? ~who : 0)) | value;
		else if (op == '+')
			*m |= value;
		else
			*m &= ~value;
	}
	return p;
}

/*
 * The mode that expression spec makes of mode old (type bits kept), for a
 * directory if is_dir; 0 on success, -1 if spec is not a valid mode.
 */
int
mode_apply(const char *spec, mode_t old, int is_dir, mode_t umask_bits,
    mode_t *out)
{
	const char *p = spec;
	mode_t m = old;

	if (*spec >= '0' && *spec <= '7')
		return apply_octal(spec, old, is_dir, out);
	for (;;) {
		if ((p = apply_clause(p, &m, is_dir, umask_bits)) == NULL)
			return -1;
		if (*p == '\0')
			break;
		if (*p++ != ',')
			return -1;
	}
	*out = m;
	return 0;
}
