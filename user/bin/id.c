/*
 * id: print user and group ids, as coreutils does.
 *	id [-u | -g | -G] [-nr] [USER]
 * Without USER: this process's real and effective ids and supplementary
 * groups (getgroups(2)); with USER: the ids and groups /etc/passwd and
 * /etc/group give that user.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"id [-u | -g | -G] [-nr] [USER]..."

static int names;

static void
print_user(uid_t uid)
{
	const char *n = user_name(uid);

	if (names && n != NULL)
		fputs(n, stdout);
	else
		printf("%u", uid);
}

static void
print_group(gid_t gid)
{
	const char *n = group_name(gid);

	if (names && n != NULL)
		fputs(n, stdout);
	else
		printf("%u", gid);
}

static void
print_groups(const gid_t *g, size_t ng)
{
	size_t i;

	for (i = 0; i < ng; i++) {
		if (i > 0)
			putchar(' ');
		print_group(g[i]);
	}
}

/* "uid=0(root)": the number, and the name if there is one. */
static void
labelled(const char *label, unsigned int id, const char *name)
{
	printf("%s=%u", label, id);
	if (name != NULL)
		printf("(%s)", name);
}

static void
print_full(uid_t ruid, uid_t euid, gid_t rgid, gid_t egid, const gid_t *g,
    size_t ng)
{
	const char *name;
	size_t i;

	labelled("uid", ruid, user_name(ruid));
	labelled(" gid", rgid, group_name(rgid));
	if (euid != ruid)
		labelled(" euid", euid, user_name(euid));
	if (egid != rgid)
		labelled(" egid", egid, group_name(egid));
	fputs(" groups=", stdout);
	for (i = 0; i < ng; i++) {
		printf("%s%u", i > 0 ? "," : "", g[i]);
		if ((name = group_name(g[i])) != NULL)
			printf("(%s)", name);
	}
	putchar('\n');
}

/* This process's groups, the effective group first as in coreutils. */
static size_t
own_groups(gid_t egid, gid_t **out)
{
	int n = getgroups(0, NULL), i;
	gid_t *g = xcalloc(n + 1, sizeof(*g));
	size_t ng = 1;

	g[0] = egid;
	n = getgroups(n, g + 1);
	for (i = 1; i <= n; i++)
		if (g[i] != egid)
			g[ng++] = g[i];
	*out = g;
	return ng;
}

/* Print what was asked about one user (NULL: this process); 0 or -1. */
static int
report(const char *user, int what, int real)
{
	uid_t ruid = getuid(), euid = geteuid();
	gid_t rgid = getgid(), egid = getegid(), *g;
	size_t ng;

	if (user != NULL) {
		if (user_lookup(user, &ruid, &rgid) != 0) {
			error(0, 0, "'%s': no such user", user);
			return -1;
		}
		euid = ruid;
		egid = rgid;
		ng = user_groups(user, rgid, &g);
	} else {
		ng = own_groups(egid, &g);
	}
	if (what == 'u')
		print_user(real ? ruid : euid);
	else if (what == 'g')
		print_group(real ? rgid : egid);
	else if (what == 'G')
		print_groups(g, ng);
	else
		print_full(ruid, euid, rgid, egid, g, ng);
	if (what != 0)
		putchar('\n');
	free(g);
	return 0;
}

int
main(int argc, char **argv)
{
	int what = 0, real = 0, c, i, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "ugGnr", USAGE, EXIT_FAILURE)) != -1) {
		if (c == 'n')
			names = 1;
		else if (c == 'r')
			real = 1;
		else if (what != 0 && what != c)
			error(EXIT_FAILURE, 0, "cannot print \"only\" of more "
			    "than one choice");
		else
			what = c;
	}
	if (optind == argc && report(NULL, what, real) != 0)
		status = EXIT_FAILURE;
	for (i = optind; i < argc; i++)
		if (report(argv[i], what, real) != 0)
			status = EXIT_FAILURE;
	return fflush(stdout) == 0 ? status : EXIT_FAILURE;
}
