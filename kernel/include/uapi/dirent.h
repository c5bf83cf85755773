/* getdents64(2)'s record and the d_type values. */
#ifndef KITE_UAPI_DIRENT_H
#define KITE_UAPI_DIRENT_H

#include <types.h>

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

/* File type bits of a mode to a d_type. */
#define IFTODT(mode)	(((mode) & 0170000) >> 12)

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];		/* NUL-terminated, record padded to 8 bytes */
};

#endif
