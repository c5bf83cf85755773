/*
 * Kernel self-tests (command line: selftest). They stress the core on every
 * hart: spinlocks, mutexes, wait queues, the scheduler's wake-ups and
 * migration, timers, and the allocators. Each test checks totals, and the
 * run ends by checking that every page and object allocated came back.
 */
#include <selftest.h>
#include <kernel.h>
#include <sched.h>
#include <printk.h>
#include <mm.h>
#include <slab.h>
#include <timer.h>
#include "selftest_impl.h"

static const struct selftest tests[] = {
	{ "spinlock_counter", test_spinlock_counter },
	{ "mutex_counter", test_mutex_counter },
	{ "waitq_producer_consumer", test_producer_consumer },
	{ "wake_ping_pong", test_ping_pong },
	{ "migration", test_migration },
	{ "timer_sleep", test_timer_sleep },
	{ "page_storm", test_page_storm },
	{ "kmalloc_storm", test_kmalloc_storm },
	{ "vfs_tmpfs_files", test_vfs_tmpfs_files },
	{ "vfs_lookup", test_vfs_lookup },
	{ "vfs_tmpfs_limit", test_vfs_tmpfs_limit },
	{ "vfs_pipe", test_vfs_pipe },
	{ "blk_read", test_blk_read },
	{ "blk_write", test_blk_write },
	{ "bcache_storm", test_bcache_storm },
	{ "ext2_read", test_ext2_read },
	{ "ext2_readdir", test_ext2_readdir },
};

/* Spawn n joinable kernel threads over the harts in turn and wait for all. */
bool
run_threads(void (*fn)(void *), void *args, size_t arg_size, int n)
{
	struct thread *threads[ST_MAX_THREADS];
	bool ok = true;

	if (n > ST_MAX_THREADS)
		return false;
	for (int i = 0; i < n; i++) {
		threads[i] = kthread_run(fn, (char *)args + i * arg_size, "selftest",
		    i % nr_cpus, false);
		if (threads[i] == NULL)
			ok = false;
	}
	for (int i = 0; i < n; i++) {
		if (threads[i] != NULL)
			kthread_join(threads[i]);
	}
	return ok;
}

void
selftest_run_all(void)
{
	unsigned long pages_before = nr_free_pages();
	unsigned long objects_before = slab_objects_in_use();
	int failed = 0, n = ARRAY_SIZE(tests);
	char detail[128];

	printk("selftest: %d tests on %d harts\n", n, nr_cpus);
	for (int i = 0; i < n; i++) {
		detail[0] = '\0';
		if (tests[i].fn(detail, sizeof(detail))) {
			printk("selftest: %s: ok (%s)\n", tests[i].name, detail);
		} else {
			printk("selftest: %s: FAILED: %s\n", tests[i].name, detail);
			failed++;
		}
	}
	if (failed == 0)
		printk("selftest: all %d tests passed\n", n);
	else
		printk("selftest: %d of %d tests FAILED\n", failed, n);
	printk("selftest: free pages before %lu after %lu\n", pages_before, nr_free_pages());
	printk("selftest: kernel objects before %lu after %lu\n", objects_before,
	    slab_objects_in_use());
	if (nr_free_pages() != pages_before || slab_objects_in_use() != objects_before) {
		printk("selftest: memory leaked\n");
		slab_report();
		failed++;
	}
	machine_power_off(failed != 0);
}
