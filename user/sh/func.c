/*
 * Shell functions, and the nesting they share with `.` files: positional
 * parameters saved and restored around a call, `return` ending the
 * innermost one.  A function keeps the source text of its body and
 * parses it at each call: the tree of the line that defined it is freed
 * once that line has run, and a function may outlive it by far.
 */
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct func {
	struct func *next;
	char *name;
	char *body;
};

static struct func *funcs;

void
func_define(const char *name, const char *body)
{
	struct func *f;

	for (f = funcs; f != NULL; f = f->next)
		if (strcmp(f->name, name) == 0)
			break;
	if (f == NULL) {
		f = xmalloc(sizeof(*f));
		f->name = xstrdup(name);
		f->next = funcs;
		funcs = f;
	} else {
		free(f->body);
	}
	f->body = xstrdup(body);
}

void
func_unset(const char *name)
{
	struct func **pp, *f;

	for (pp = &funcs; (f = *pp) != NULL; pp = &f->next) {
		if (strcmp(f->name, name) == 0) {
			*pp = f->next;
			free(f->name);
			free(f->body);
			free(f);
			return;
		}
	}
}

const char *
func_find(const char *name)
{
	struct func *f;

	for (f = funcs; f != NULL; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f->body;
	return NULL;
}

/*
 * Run the commands of in as a function or `.` file: break and continue
 * do not reach the caller's loops, and return stops here.
 */
int
run_nested(struct input *in)
{
	int loop_depth = sh.loop_depth, status;

	sh.loop_depth = 0;
	sh.func_depth++;
	status = run_input(in);
	sh.func_depth--;
	sh.loop_depth = loop_depth;
	if (sh.skip == SKIP_RETURN)
		sh.skip = SKIP_NONE;
	return status;
}

/* Call the function with body; argv[0] is its name. */
int
func_call(const char *body, char **argv)
{
	struct posparams saved;
	struct input in;
	char *text = xstrdup(body);	/* the call may redefine it */
	int n, status;

	for (n = 1; argv[n] != NULL; n++)
		continue;
	pos_push(argv + 1, n - 1, &saved);
	input_from_string(&in, text);
	status = run_nested(&in);
	pos_pop(&saved);
	free(text);
	return status;
}
