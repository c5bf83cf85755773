/* poweroff: sync and turn the machine off (see power_main in user/lib). */
#include <sys/reboot.h>

#include "util.h"

int
main(int argc, char **argv)
{
	return power_main(argc, argv, RB_POWER_OFF);
}
