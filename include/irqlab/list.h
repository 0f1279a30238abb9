/* include/irqlab/list.h - circular doubly linked lists, with Linux's names.
 *
 * The list_head is embedded in the object; container_of() (list_entry) gets back to the
 * object. An empty list is a head that points at itself, so insertion and removal never
 * test for NULL. Callers do their own locking. */
#ifndef IRQLAB_LIST_H
#define IRQLAB_LIST_H

#include <irqlab/types.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

/* Adds new right after head: a stack. */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

/* Adds new right before head, at the end: a queue. */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

/* Unlinks entry; it points at itself afterwards, so list_empty(entry) is true and a
 * second list_del() is harmless. */
static inline void list_del_init(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	INIT_LIST_HEAD(entry);
}

static inline void list_del(struct list_head *entry)
{
	list_del_init(entry);
}

static inline void list_move(struct list_head *entry, struct list_head *head)
{
	list_del(entry);
	list_add(entry, head);
}

static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	list_del_init(entry);
	list_add_tail(entry, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) list_entry((head)->prev, type, member)
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define list_for_each_entry(pos, head, member)                                  \
	for (pos = list_first_entry(head, __typeof__(*pos), member);            \
	     &pos->member != (head);                                            \
	     pos = list_next_entry(pos, member))

/* Safe against removal of pos: n already holds the next entry. */
#define list_for_each_entry_safe(pos, n, head, member)                          \
	for (pos = list_first_entry(head, __typeof__(*pos), member),            \
	     n = list_next_entry(pos, member);                                  \
	     &pos->member != (head);                                            \
	     pos = n, n = list_next_entry(n, member))

#endif
