/*
 * inode_permission: the owner/group/other check of a file's mode against the
 * caller's fsuid and fsgid (and supplementary groups), as Linux's
 * generic_permission() without ACLs. Root passes every check except that
 * executing a non-directory needs at least one x bit set. access(2) runs
 * the same check with the real ids.
 */
#include <vfs.h>
#include <fdtable.h>
#include <cred.h>
#include <errno.h>
#include "fs_impl.h"

bool
cred_in_group(const struct cred *c, uint32_t mygid, uint32_t gid)
{
	if (mygid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++) {
		if (c->groups[i] == gid)
			return true;
	}
	return false;
}

/* The check for a caller with the given ids (c supplies the groups). */
static int
permission_as(struct inode *inode, int mask, const struct cred *c, uint32_t uid,
    uint32_t gid)
{
	uint32_t mode = inode->mode, bits;

	if ((mask & MAY_WRITE) && inode->sb->read_only &&
	    (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)))
		return -EROFS;
	if (uid == 0) {
		if ((mask & MAY_EXEC) && !S_ISDIR(mode) && !(mode & S_IXUGO))
			return -EACCES;
		return 0;
	}
	if (uid == inode->uid)
		bits = mode >> 6;
	else if (cred_in_group(c, gid, inode->gid))
		bits = mode >> 3;
	else
		bits = mode;
	return (mask & ~bits & 7) == 0 ? 0 : -EACCES;
}

int
inode_permission(struct inode *inode, int mask)
{
	const struct cred *c = fs_cred();

	return permission_as(inode, mask, c, c->fsuid, c->fsgid);
}

/* access(2): R_OK, W_OK, X_OK are MAY_READ, MAY_WRITE, MAY_EXEC; real ids unless effective. */
int
access_check(struct inode *inode, int mode, bool effective)
{
	const struct cred *c = fs_cred();

	return permission_as(inode, mode, c, effective ? c->euid : c->uid,
	    effective ? c->egid : c->gid);
}
