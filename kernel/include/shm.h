/* System V shared memory (kernel/ipc/shm.c). */
#ifndef KITE_SHM_H
#define KITE_SHM_H

void shm_init(void);

#endif
