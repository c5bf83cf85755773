/* The shared od/hexdump loop: see dump.h. */
#include <errno.h>
#include <string.h>

#include "util.h"
#include "dump.h"

struct input {
	char	**names;
	int	 n, next;
	FILE	*f;
	int	 failed;
};

/* Fill buf from the inputs in turn; the number of bytes, short at the end. */
static size_t
fill(struct input *in, unsigned char *buf, size_t want)
{
	size_t got = 0;
	int c;

	while (got < want) {
		if (in->f == NULL) {
			if (in->next == in->n)
				break;
			in->f = open_input(in->names[in->next]);
			if (in->f == NULL) {
				error(0, errno, "%s", in->names[in->next]);
				in->failed = 1;
				in->next++;
				continue;
			}
		}
		if ((c = getc(in->f)) == EOF) {
			if (ferror(in->f)) {
				error(0, errno, "%s", in->names[in->next]);
				in->failed = 1;
			}
			close_input(in->f);
			in->f = NULL;
			in->next++;
			continue;
		}
		buf[got++] = c;
	}
	return got;
}

int
dump(const struct dumper *d, char **names, int n)
{
	static char *stdin_only[] = { "-" };
	unsigned char buf[DUMP_MAX_WIDTH], prev[DUMP_MAX_WIDTH];
	struct input in = { n > 0 ? names : stdin_only, n > 0 ? n : 1, 0,
	    NULL, 0 };
	uintmax_t offset = 0;
	size_t got;
	int have_prev = 0, starred = 0;

	while ((got = fill(&in, buf, d->width)) > 0) {
		if (!d->verbose && have_prev && got == d->width &&
		    memcmp(buf, prev, got) == 0) {
			if (!starred)
				puts("*");
			starred = 1;
		} else {
			d->line(offset, buf, got);
			starred = 0;
		}
		memcpy(prev, buf, got);
		have_prev = got == d->width;
		offset += got;
	}
	/* Nothing could be read at all: there is no end to show. */
	if (!in.failed || offset > 0)
		d->end(offset);
	return in.failed ? -1 : 0;
}
