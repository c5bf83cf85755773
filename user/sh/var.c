/*
 * Shell variables and positional parameters.  Variables live in a
 * singly linked list: a shell has a few dozen, and a list keeps the
 * environment in the order it came.  Exported variables are passed to
 * commands through var_environ().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct var {
	struct var *next;
	char *name;
	char *value;
	int exported;
};

/* A variable's state before a temporary assignment (VAR=x builtin). */
struct saved_var {
	struct saved_var *next;
	char *name;
	char *value;		/* NULL: it was unset */
	int exported;
};

static struct var *vars;

static struct posparams pos;

static struct var *
lookup(const char *name, size_t len)
{
	struct var *v;

	for (v = vars; v != NULL; v = v->next)
		if (strncmp(v->name, name, len) == 0 && v->name[len] == '\0')
			return v;
	return NULL;
}

const char *
var_get(const char *name)
{
	struct var *v = lookup(name, strlen(name));

	return v == NULL ? NULL : v->value;
}

int
var_is_exported(const char *name)
{
	struct var *v = lookup(name, strlen(name));

	return v != NULL && v->exported;
}

static struct var *
create(const char *name, size_t len)
{
	struct var *v = lookup(name, len);

	if (v != NULL)
		return v;
	v = xmalloc(sizeof(*v));
	v->name = xmalloc(len + 1);
	memcpy(v->name, name, len);
	v->name[len] = '\0';
	v->value = NULL;
	v->exported = 0;
	v->next = vars;
	vars = v;
	return v;
}

/* export: 1 or 0 to set the export flag, VAR_KEEP_EXPORT to keep it. */
void
var_set(const char *name, const char *value, int export)
{
	struct var *v = create(name, strlen(name));
	char *old = v->value;

	v->value = xstrdup(value);
	free(old);
	if (export != VAR_KEEP_EXPORT)
		v->exported = export;
}

/* NAME=value; returns -1 if the word is no assignment. */
int
var_assign(const char *word, int export)
{
	size_t len = assignment_name_len(word);
	struct var *v;
	char *old;

	if (len == 0)
		return -1;
	v = create(word, len);
	old = v->value;
	v->value = xstrdup(word + len + 1);
	free(old);
	if (export != VAR_KEEP_EXPORT)
		v->exported = export;
	return 0;
}

void
var_export(const char *name)
{
	create(name, strlen(name))->exported = 1;
}

void
var_unset(const char *name)
{
	struct var **pp, *v;

	for (pp = &vars; (v = *pp) != NULL; pp = &v->next) {
		if (strcmp(v->name, name) == 0) {
			*pp = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return;
		}
	}
}

void
var_import(char **envp)
{
	for (; *envp != NULL; envp++)
		var_assign(*envp, 1);
}

/* A NULL-terminated NAME=value array, allocated in one block. */
char **
var_environ(void)
{
	struct var *v;
	size_t n = 0, bytes = 0;
	char **env, *p;

	for (v = vars; v != NULL; v = v->next) {
		if (v->exported && v->value != NULL) {
			n++;
			bytes += strlen(v->name) + strlen(v->value) + 2;
		}
	}
	env = xmalloc((n + 1) * sizeof(*env) + bytes);
	p = (char *)(env + n + 1);
	n = 0;
	for (v = vars; v != NULL; v = v->next) {
		if (v->exported && v->value != NULL) {
			env[n++] = p;
			p += sprintf(p, "%s=%s", v->name, v->value) + 1;
		}
	}
	env[n] = NULL;
	return env;
}

void
var_print_exported(void)
{
	struct var *v;

	for (v = vars; v != NULL; v = v->next) {
		if (!v->exported)
			continue;
		if (v->value == NULL)
			printf("export %s\n", v->name);
		else
			printf("export %s='%s'\n", v->name, v->value);
	}
	fflush(stdout);
}

/* Remember name's state on the list saved; returns the new list head. */
struct saved_var *
var_save(const char *name, struct saved_var *saved)
{
	struct saved_var *s = xmalloc(sizeof(*s));
	struct var *v = lookup(name, strlen(name));

	s->name = xstrdup(name);
	s->value = v != NULL && v->value != NULL ? xstrdup(v->value) : NULL;
	s->exported = v != NULL && v->exported;
	s->next = saved;
	return s;
}

void
var_restore(struct saved_var *s)
{
	struct saved_var *next;

	for (; s != NULL; s = next) {
		next = s->next;
		if (s->value == NULL)
			var_unset(s->name);
		else
			var_set(s->name, s->value, s->exported);
		free(s->name);
		free(s->value);
		free(s);
	}
}

static void
pos_free(void)
{
	int i;

	for (i = 0; i < pos.n; i++)
		free(pos.v[i]);
	free(pos.v);
}

/* New positional parameters for a function call; the old go to saved. */
void
pos_push(char **argv, int n, struct posparams *saved)
{
	*saved = pos;
	pos.v = NULL;
	pos.n = 0;
	pos_set(argv, n);
}

void
pos_pop(struct posparams *saved)
{
	pos_free();
	pos = *saved;
}

void
pos_set(char **argv, int n)
{
	char **v = xmalloc((n + 1) * sizeof(*v));
	int i;

	for (i = 0; i < n; i++)
		v[i] = xstrdup(argv[i]);
	v[n] = NULL;
	pos_free();
	pos.v = v;
	pos.n = n;
}

char **
pos_get(int *n)
{
	*n = pos.n;
	return pos.v;
}

/* shift n; returns -1 if there are fewer than n parameters. */
int
pos_shift(int n)
{
	int i;

	if (n < 0 || n > pos.n)
		return -1;
	for (i = 0; i < n; i++)
		free(pos.v[i]);
	memmove(pos.v, pos.v + n, (pos.n - n + 1) * sizeof(*pos.v));
	pos.n -= n;
	return 0;
}
