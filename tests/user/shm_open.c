/*
 * shm_open - POSIX shared memory and named semaphores as glibc builds them
 * on tmpfs at /dev/shm: a file's MAP_SHARED mapping and read/write see the
 * same pages, two processes share the mapping and hand work back and forth
 * through named semaphores, truncation zeroes, a mapping outlives
 * shm_unlink, and unlinked names are gone.
 */
#include "check.h"
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PAGE	4096
#define NPAGES	3
#define ROUNDS	2000

static char shm_name[64], go_name[64], done_name[64];

struct shared {
	char greeting[64];
	long counter;		/* incremented by each side in turn */
	char reply[64];
};

static void *
map_shm(int fd)
{
	void *p = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* write() and the mapping are two views of the same pages. */
static void
check_file_and_mapping(int fd, char *map)
{
	char buf[16] = { 0 };
	struct stat st;

	CHECK(pwrite(fd, "written", 7, PAGE + 10) == 7, "pwrite into the object");
	CHECK(memcmp(map + PAGE + 10, "written", 7) == 0, "the mapping sees what pwrite wrote");
	memcpy(map + 2 * PAGE + 100, "mapped", 6);
	CHECK(pread(fd, buf, 6, 2 * PAGE + 100) == 6 && memcmp(buf, "mapped", 6) == 0,
	    "pread sees what the mapping stored");
	CHECK(fstat(fd, &st) == 0 && st.st_size == NPAGES * PAGE,
	    "fstat gives the ftruncate'd size (%lld)", (long long)st.st_size);
	CHECK(st.st_blocks >= 2 * (PAGE / 512) && st.st_blocks <= NPAGES * (PAGE / 512),
	    "st_blocks counts the touched pages (%lld)", (long long)st.st_blocks);
	CHECK(ftruncate(fd, PAGE + 12) == 0 && ftruncate(fd, NPAGES * PAGE) == 0,
	    "ftruncate shrinks and grows the object");
	CHECK(map[PAGE + 10] == 'w' && map[PAGE + 12] == '\0' && map[PAGE + 16] == '\0',
	    "truncation kept the bytes before the cut and zeroed the rest of the page");
	CHECK(pread(fd, buf, 6, 2 * PAGE + 100) == 6 && memcmp(buf, "\0\0\0\0\0\0", 6) == 0,
	    "a page cut off by truncation reads back as zeros");
}

/* The child: answer each round through the mapping; exit 0 if all was seen right. */
static int
child(void)
{
	sem_t *go = sem_open(go_name, 0), *done = sem_open(done_name, 0);
	int fd = shm_open(shm_name, O_RDWR, 0);
	struct shared *s = fd >= 0 ? map_shm(fd) : NULL;

	if (go == SEM_FAILED || done == SEM_FAILED || s == NULL)
		return 2;
	for (long i = 0; i < ROUNDS; i++) {
		if (sem_wait(go) != 0 || s->counter != 2 * i + 1)
			return 3;
		s->counter++;
		if (sem_post(done) != 0)
			return 4;
	}
	if (sem_wait(go) != 0 || strcmp(s->greeting, "hello from the parent") != 0)
		return 5;
	strcpy(s->reply, "hello from the child");
	sem_post(done);
	return 0;
}

static void
check_two_processes(struct shared *s)
{
	sem_t *go = sem_open(go_name, O_CREAT | O_EXCL, 0600, 0);
	sem_t *done = sem_open(done_name, O_CREAT | O_EXCL, 0600, 0);
	char path[96];
	long i;
	int status;
	pid_t pid;

	if (!CHECK(go != SEM_FAILED && done != SEM_FAILED, "sem_open creates two named semaphores"))
		return;
	snprintf(path, sizeof(path), "/dev/shm/sem.%s", go_name + 1);
	CHECK(access(path, F_OK) == 0, "the semaphore is the file %s", path);
	pid = fork();
	if (pid == 0)
		_exit(child());
	for (i = 0; i < ROUNDS; i++) {
		s->counter++;
		if (sem_post(go) != 0 || sem_wait(done) != 0 || s->counter != 2 * i + 2)
			break;
	}
	CHECK(i == ROUNDS, "%d round trips through the mapping and the semaphores (counter %ld)",
	    ROUNDS, s->counter);
	strcpy(s->greeting, "hello from the parent");
	sem_post(go);
	if (i == ROUNDS)
		sem_wait(done);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the child saw every round and the greeting (status %#x)", status);
	CHECK(strcmp(s->reply, "hello from the child") == 0, "the parent sees the child's reply");
	CHECK(sem_close(go) == 0 && sem_close(done) == 0, "sem_close");
	CHECK(sem_unlink(go_name) == 0 && sem_unlink(done_name) == 0, "sem_unlink");
	CHECK(access(path, F_OK) == -1 && errno == ENOENT, "the semaphore's file is gone");
	CHECK(sem_open(go_name, 0) == SEM_FAILED && errno == ENOENT,
	    "sem_open of an unlinked name is ENOENT");
}

int
main(void)
{
	struct shared *s;
	char *map;
	int fd;

	snprintf(shm_name, sizeof(shm_name), "/kite_shm_%d", getpid());
	snprintf(go_name, sizeof(go_name), "/kite_go_%d", getpid());
	snprintf(done_name, sizeof(done_name), "/kite_done_%d", getpid());
	fd = shm_open(shm_name, O_CREAT | O_EXCL | O_RDWR, 0600);
	if (!CHECK(fd >= 0, "shm_open creates %s", shm_name))
		return check_done();
	CHECK_FAILS(shm_open(shm_name, O_CREAT | O_EXCL | O_RDWR, 0600), EEXIST,
	    "O_EXCL on an existing object is EEXIST");
	CHECK(ftruncate(fd, NPAGES * PAGE) == 0, "ftruncate sizes the object");
	map = map_shm(fd);
	if (!CHECK(map != NULL, "mmap MAP_SHARED of the object"))
		return check_done();
	CHECK(map[0] == 0 && map[NPAGES * PAGE - 1] == 0, "a new object reads as zeros");
	check_file_and_mapping(fd, map);
	s = (struct shared *)map;
	memset(s, 0, sizeof(*s));
	check_two_processes(s);
	CHECK(shm_unlink(shm_name) == 0, "shm_unlink");
	CHECK_FAILS(shm_open(shm_name, O_RDWR, 0), ENOENT, "shm_open of an unlinked name is ENOENT");
	close(fd);
	CHECK(strcmp(s->reply, "hello from the child") == 0 && map[PAGE + 10] == 'w',
	    "the mapping outlives the name and the descriptor");
	s->counter = 42;
	CHECK(s->counter == 42, "and stays writable");
	CHECK(munmap(map, NPAGES * PAGE) == 0, "munmap");
	return check_done();
}
