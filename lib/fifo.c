/* lib/fifo.c - the single-producer, single-consumer byte ring (include/irqlab/fifo.h).
 * Pure logic: also built for the host unit tests. */
#include <irqlab/fifo.h>

/* The compiler must not move the data access across the index update: the other side
 * reads the index and then the data. (A compiler barrier is enough on x86, whose stores
 * are not reordered with other stores.) */
#define fifo_barrier() __asm__ __volatile__("" ::: "memory")

u32 fifo_len(const struct byte_fifo *f)
{
	return READ_ONCE(f->in) - READ_ONCE(f->out);
}

bool fifo_is_empty(const struct byte_fifo *f)
{
	return fifo_len(f) == 0;
}

bool fifo_push(struct byte_fifo *f, u8 byte)
{
	u32 in = f->in;

	if (in - READ_ONCE(f->out) == f->size) {
		f->dropped++;
		return false;
	}
	f->buf[in & (f->size - 1)] = byte;
	fifo_barrier();
	WRITE_ONCE(f->in, in + 1);
	return true;
}

bool fifo_pop(struct byte_fifo *f, u8 *byte)
{
	u32 out = f->out;

	if (READ_ONCE(f->in) == out)
		return false;
	*byte = f->buf[out & (f->size - 1)];
	fifo_barrier();
	WRITE_ONCE(f->out, out + 1);
	return true;
}
