/* Circular doubly linked lists with a sentinel head, intrusive. */
#ifndef KITE_LIST_H
#define KITE_LIST_H

#include <types.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define LIST_HEAD(name)		struct list_head name = LIST_HEAD_INIT(name)

static inline void
list_init(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline void
list_insert_between(struct list_head *n, struct list_head *prev,
    struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void
list_add(struct list_head *n, struct list_head *head)
{
	list_insert_between(n, head, head->next);
}

static inline void
list_add_tail(struct list_head *n, struct list_head *head)
{
	list_insert_between(n, head->prev, head);
}

/* Unlink n and leave it pointing at itself, so list_empty(n) is true. */
static inline void
list_del(struct list_head *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	list_init(n);
}

static inline bool
list_empty(const struct list_head *h)
{
	return h->next == h;
}

#define list_entry(ptr, type, member)	container_of(ptr, type, member)
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)
#define list_first_entry_or_null(head, type, member) \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))

#define list_for_each_entry(pos, head, member) \
	for (pos = list_entry((head)->next, __typeof__(*pos), member); \
	    &pos->member != (head); \
	    pos = list_entry(pos->member.next, __typeof__(*pos), member))

#define list_for_each_entry_reverse(pos, head, member) \
	for (pos = list_entry((head)->prev, __typeof__(*pos), member); \
	    &pos->member != (head); \
	    pos = list_entry(pos->member.prev, __typeof__(*pos), member))

/* Safe against removal of pos inside the loop body. */
#define list_for_each_entry_safe(pos, tmp, head, member) \
	for (pos = list_entry((head)->next, __typeof__(*pos), member), \
	    tmp = list_entry(pos->member.next, __typeof__(*pos), member); \
	    &pos->member != (head); \
	    pos = tmp, tmp = list_entry(tmp->member.next, __typeof__(*tmp), member))

#endif
