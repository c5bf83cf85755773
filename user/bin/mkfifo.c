/*
 * mkfifo: make named pipes (FIFOs).  -m MODE sets their mode exactly,
 * umask or not; otherwise it is 0666 less the umask.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

#define FIFO_MODE	(S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

int
main(int argc, char **argv)
{
	const char *spec = NULL;
	mode_t umask_bits = umask(0), mode = FIFO_MODE;
	int c, i, status = EXIT_SUCCESS;

	umask(umask_bits);
	while ((c = getopt_help(argc, argv, "m:", "mkfifo [-m MODE] NAME...",
	    EXIT_FAILURE)) != -1)
		spec = optarg;
	if (spec != NULL && mode_apply(spec, FIFO_MODE, 0, umask_bits, &mode) != 0)
		error(EXIT_FAILURE, 0, "invalid mode");
	if (optind == argc)
		usage_error("missing operand", NULL);
	for (i = optind; i < argc; i++) {
		if (mkfifo(argv[i], mode) != 0) {
			error(0, errno, "cannot create fifo '%s'", argv[i]);
			status = EXIT_FAILURE;
		} else if (spec != NULL && chmod(argv[i], mode) != 0) {
			/* mkfifo(2) applies the umask; -m must not. */
			error(0, errno, "cannot set permissions of '%s'", argv[i]);
			status = EXIT_FAILURE;
		}
	}
	return status;
}
