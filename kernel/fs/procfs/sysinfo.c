/*
 * The system-wide files of /proc, registered through proc_create() like
 * any subsystem's: meminfo, uptime, cpuinfo, version, stat, filesystems
 * and mounts (also /proc/<pid>/mounts). Formats are Linux's (proc(5)).
 */
#include <proc.h>
#include <mm.h>
#include <timer.h>
#include <slab.h>
#include <shm_object.h>
#include <printk.h>
#include <uapi/mount.h>
#include <string.h>
#include <errno.h>
#include "procfs_impl.h"

#define KIB_PER_PAGE	(PAGE_SIZE / 1024)

/*
 * Shmem is every shm_object page (tmpfs files, shared mappings, System V
 * segments); Linux counts it in Cached too, and Kite has no other page
 * cache (ext2 blocks live in the fixed buffer cache) nor swap.
 */
static int
show_meminfo(struct seqbuf *sb)
{
	unsigned long total = nr_total_pages() * KIB_PER_PAGE;
	unsigned long free = nr_free_pages() * KIB_PER_PAGE;
	unsigned long shmem = shm_object_total_pages() * KIB_PER_PAGE;

	seqbuf_printf(sb, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n"
	    "MemAvailable:   %8lu kB\nBuffers:        %8lu kB\nCached:         %8lu kB\n"
	    "SwapCached:     %8lu kB\nShmem:          %8lu kB\nSwapTotal:      %8lu kB\n"
	    "SwapFree:       %8lu kB\n", total, free, free, 0UL, shmem, 0UL, shmem, 0UL, 0UL);
	return 0;
}

/* Idle time: what the idle threads have run. */
static uint64_t
idle_ns(void)
{
	uint64_t ns = 0;

	for (int i = 0; i < nr_cpus; i++) {
		if (cpus[i].idle != NULL)
			ns += READ_ONCE(cpus[i].idle->stime_ns) + READ_ONCE(cpus[i].idle->utime_ns);
	}
	return ns;
}

static int
show_uptime(struct seqbuf *sb)
{
	uint64_t up = uptime_ns() / 10000000, idle = idle_ns() / 10000000;

	seqbuf_printf(sb, "%lu.%02lu %lu.%02lu\n", up / 100, up % 100, idle / 100, idle % 100);
	return 0;
}

static int
show_cpuinfo(struct seqbuf *sb)
{
	for (int i = 0; i < nr_cpus; i++) {
		if (!cpus[i].online)
			continue;
		seqbuf_printf(sb, "processor\t: %d\nhart\t\t: %lu\nisa\t\t: rv64imafdc\n"
		    "mmu\t\t: sv39\n\n", cpus[i].id, cpus[i].hartid);
	}
	return 0;
}

static int
show_version(struct seqbuf *sb)
{
	seqbuf_printf(sb, "Linux version 6.1.0-kite (kite@localhost) (riscv64-unknown-elf-gcc) "
	    "#1 SMP " __DATE__ " " __TIME__ "\n");
	return 0;
}

static int
show_stat(struct seqbuf *sb)
{
	uint64_t up = uptime_ns() / 10000000, idle = idle_ns() / 10000000;

	seqbuf_printf(sb, "cpu  0 0 %lu %lu 0 0 0 0 0 0\n", up * (uint64_t)nr_cpus - idle, idle);
	for (int i = 0; i < nr_cpus; i++) {
		struct thread *t = cpus[i].idle;
		uint64_t mine = t != NULL ? (READ_ONCE(t->stime_ns) + READ_ONCE(t->utime_ns)) /
		    10000000 : 0;

		seqbuf_printf(sb, "cpu%d 0 0 %lu %lu 0 0 0 0 0 0\n", i, up - MIN(up, mine), mine);
	}
	seqbuf_printf(sb, "btime %ld\n", (long)boot_time_sec());
	return 0;
}

static void
show_fs_type(void *arg, const struct fs_type *type)
{
	seqbuf_printf(arg, "%s\t%s\n", type->requires_device ? "" : "nodev", type->name);
}

static int
show_filesystems(struct seqbuf *sb)
{
	vfs_fs_types_walk(show_fs_type, sb);
	return 0;
}

static void
show_mount(void *arg, const char *source, struct inode *mountpoint, struct super_block *sb)
{
	struct seqbuf *out = arg;
	char *path = kmalloc(PATH_MAX, 0);
	int len;

	if (path == NULL)
		return;
	if (mountpoint == NULL)
		len = snprintf(path, PATH_MAX, "/");
	else
		len = vfs_path(vfs_root(), igrab(mountpoint), path, PATH_MAX);
	if (len > 0)
		seqbuf_printf(out, "%s %s %s %s%s%s%s 0 0\n", source, path, sb->type->name,
		    sb->read_only ? "ro" : "rw", (sb->mnt_flags & MS_NOSUID) ? ",nosuid" : "",
		    (sb->mnt_flags & MS_NODEV) ? ",nodev" : "",
		    (sb->mnt_flags & MS_NOEXEC) ? ",noexec" : "");
	kfree(path);
}

int
proc_render_mounts(struct seqbuf *sb, struct inode *inode)
{
	vfs_mounts_walk(show_mount, sb);
	return 0;
}

static int
show_mounts(struct seqbuf *sb)
{
	return proc_render_mounts(sb, NULL);
}

void
proc_sysinfo_init(void)
{
	proc_create("meminfo", 0444, show_meminfo, NULL);
	proc_create("uptime", 0444, show_uptime, NULL);
	proc_create("cpuinfo", 0444, show_cpuinfo, NULL);
	proc_create("version", 0444, show_version, NULL);
	proc_create("stat", 0444, show_stat, NULL);
	proc_create("filesystems", 0444, show_filesystems, NULL);
	proc_create("mounts", 0444, show_mounts, NULL);
}
