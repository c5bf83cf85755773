/* Credentials: what permission checks (files, IPC, kill) look at. */
#ifndef KITE_CRED_H
#define KITE_CRED_H

#include <types.h>

#define NGROUPS_MAX	32	/* supplementary groups kept (Linux allows 65536) */

struct cred {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	int ngroups;
	uint32_t groups[NGROUPS_MAX];
};

/* The calling thread's process credentials (read-only snapshot pointer). */
const struct cred *current_cred(void);
bool in_group(const struct cred *c, uint32_t gid);	/* egid or supplementary */
bool capable_root(void);				/* euid == 0 */

#endif
