/* Shared between the self-test runner and the test files. */
#ifndef KITE_SELFTEST_IMPL_H
#define KITE_SELFTEST_IMPL_H

#include <types.h>
#include <printk.h>

#define ST_MAX_THREADS	64

struct selftest {
	const char *name;
	bool (*fn)(char *detail, size_t size);
};

bool run_threads(void (*fn)(void *), void *args, size_t arg_size, int n);

/* Threads per hart for the stress tests. */
#define ST_THREADS_PER_CPU 2

bool test_spinlock_counter(char *detail, size_t size);
bool test_mutex_counter(char *detail, size_t size);
bool test_producer_consumer(char *detail, size_t size);
bool test_ping_pong(char *detail, size_t size);
bool test_migration(char *detail, size_t size);
bool test_timer_sleep(char *detail, size_t size);
bool test_page_storm(char *detail, size_t size);
bool test_kmalloc_storm(char *detail, size_t size);
bool test_vfs_tmpfs_files(char *detail, size_t size);
bool test_vfs_lookup(char *detail, size_t size);
bool test_vfs_tmpfs_limit(char *detail, size_t size);
bool test_vfs_pipe(char *detail, size_t size);
/* These need the disk (run-qemu.sh --disk build/fs.img). */
bool test_blk_read(char *detail, size_t size);
bool test_blk_write(char *detail, size_t size);
bool test_bcache_storm(char *detail, size_t size);
bool test_ext2_read(char *detail, size_t size);
bool test_ext2_readdir(char *detail, size_t size);

#endif
