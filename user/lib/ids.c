/*
 * User and group names, read from /etc/passwd and /etc/group directly.
 *
 * A static glibc binary's getpwuid() needs NSS modules that it loads as
 * shared libraries at run time; Kite has none, so the files are parsed here
 * ("name:passwd:uid:gid:..." and "name:passwd:gid:members") and kept in
 * memory for the life of the program, which is short.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PASSWD_FILE	"/etc/passwd"
#define GROUP_FILE	"/etc/group"

struct ident {
	char	*name;
	unsigned long id;
	unsigned long gid;	/* primary group: passwd entries only */
	char	*members;	/* "a,b,c": group entries only */
};

struct idtab {
	const char *path;
	int	 loaded;
	size_t	 n;
	struct ident *v;
};

static struct idtab users = { PASSWD_FILE, 0, 0, NULL };
static struct idtab groups = { GROUP_FILE, 0, 0, NULL };

static struct idtab *idtab_get(struct idtab *);

/* Split off the next ':'-separated field, or NULL at the end of the line. */
static char *
field(char **cursor)
{
	char *f = *cursor;

	if (f == NULL)
		return NULL;
	*cursor = strchr(f, ':');
	if (*cursor != NULL)
		*(*cursor)++ = '\0';
	return f;
}

static void
idtab_add(struct idtab *t, char *line)
{
	char *cur = line, *name, *id, *gid, *end;
	int is_group = t == &groups;
	struct ident e;

	line[strcspn(line, "\n")] = '\0';
	name = field(&cur);
	(void)field(&cur);
	id = field(&cur);
	gid = field(&cur);
	if (name == NULL || *name == '\0' || id == NULL)
		return;
	e.id = strtoul(id, &end, 10);
	if (*id == '\0' || *end != '\0')
		return;
	/* In /etc/group the fourth field is the member list. */
	e.gid = gid != NULL && !is_group ? strtoul(gid, NULL, 10) : 0;
	e.members = xstrdup(gid != NULL && is_group ? gid : "");
	e.name = xstrdup(name);
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	t->v[t->n++] = e;
}

static struct idtab *
idtab_get(struct idtab *t)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	if (t->loaded)
		return t;
	t->loaded = 1;
	if ((f = fopen(t->path, "re")) == NULL)
		return t;
	while (read_line(f, &line, &cap) > 0)
		idtab_add(t, line);
	free(line);
	fclose(f);
	return t;
}

static const struct ident *
by_id(struct idtab *t, unsigned long id)
{
	size_t i;

	idtab_get(t);
	for (i = 0; i < t->n; i++)
		if (t->v[i].id == id)
			return &t->v[i];
	return NULL;
}

static const struct ident *
by_name(struct idtab *t, const char *name)
{
	size_t i;

	idtab_get(t);
	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

const char *
user_name(uid_t uid)
{
	const struct ident *e = by_id(&users, uid);

	return e != NULL ? e->name : NULL;
}

const char *
group_name(gid_t gid)
{
	const struct ident *e = by_id(&groups, gid);

	return e != NULL ? e->name : NULL;
}

int
user_lookup(const char *name, uid_t *uid, gid_t *gid)
{
	const struct ident *e = by_name(&users, name);

	if (e == NULL)
		return -1;
	*uid = e->id;
	if (gid != NULL)
		*gid = e->gid;
	return 0;
}

int
group_lookup(const char *name, gid_t *gid)
{
	const struct ident *e = by_name(&groups, name);

	if (e == NULL)
		return -1;
	*gid = e->id;
	return 0;
}

/* A user given by name or, failing that, by number, as chown(1) takes it. */
int
owner_parse(const char *s, uid_t *uid, gid_t *gid)
{
	uintmax_t v;

	if (user_lookup(s, uid, gid) == 0)
		return 0;
	if (parse_uintmax(s, 10, &v) != 0 || v >= (uid_t)-1)
		return -1;
	*uid = v;
	return 0;
}

int
group_parse(const char *s, gid_t *gid)
{
	uintmax_t v;

	if (group_lookup(s, gid) == 0)
		return 0;
	if (parse_uintmax(s, 10, &v) != 0 || v >= (gid_t)-1)
		return -1;
	*gid = v;
	return 0;
}

static int
is_member(const char *members, const char *name)
{
	size_t n = strlen(name), len;
	const char *p = members;

	while (*p != '\0') {
		len = strcspn(p, ",");
		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/*
 * The groups of user name, as initgroups(3) would set them: the primary
 * group first, then every group listing the user, each once.
 */
size_t
user_groups(const char *name, gid_t primary, gid_t **out)
{
	struct idtab *t = idtab_get(&groups);
	gid_t *v = xmalloc((t->n + 1) * sizeof(*v));
	size_t n = 0, i, j;

	v[n++] = primary;
	for (i = 0; i < t->n; i++) {
		if (!is_member(t->v[i].members, name))
			continue;
		for (j = 0; j < n && v[j] != (gid_t)t->v[i].id; j++)
			continue;
		if (j == n)
			v[n++] = t->v[i].id;
	}
	*out = v;
	return n;
}
