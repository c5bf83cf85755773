/* true: do nothing, successfully. */
#include <stdlib.h>

int
main(void)
{
	return EXIT_SUCCESS;
}
