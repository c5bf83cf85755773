/* System V message queues (kernel/ipc/msg.c). */
#ifndef KITE_MSG_H
#define KITE_MSG_H

void msg_init(void);

#endif
