/* include/irqlab/fifo.h - a byte ring for one producer and one consumer (lib/fifo.c).
 *
 * The producer is typically an interrupt handler and the consumer a thread: each side
 * writes only its own index, so neither needs a lock on one CPU (or, with the barriers
 * here, across two). The size is a power of two so the indices wrap by masking and
 * in - out is always the fill level. A push into a full ring fails and counts the
 * byte in 'dropped': nothing is lost silently. */
#ifndef IRQLAB_FIFO_H
#define IRQLAB_FIFO_H

#include <irqlab/types.h>

struct byte_fifo {
	u8 *buf;
	u32 size;               /* a power of two */
	u32 in;                 /* written by the producer only */
	u32 out;                /* written by the consumer only */
	u32 dropped;            /* pushes refused because the ring was full */
};

#define DEFINE_BYTE_FIFO(name, sz)                                     \
	static u8 name##_storage[sz];                                   \
	_Static_assert(((sz) & ((sz) - 1)) == 0, "fifo size must be a power of two"); \
	static struct byte_fifo name = { .buf = name##_storage, .size = (sz) }

bool fifo_push(struct byte_fifo *f, u8 byte);   /* false (and counted) when full */
bool fifo_pop(struct byte_fifo *f, u8 *byte);   /* false when empty */
u32 fifo_len(const struct byte_fifo *f);
bool fifo_is_empty(const struct byte_fifo *f);

#endif
