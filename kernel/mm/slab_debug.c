/* kernel/mm/slab_debug.c - red zones, poison and the reports: how kmalloc misuse is
 * caught instead of silently corrupting the heap.
 *
 * What is caught, and where (Linux's KASAN report names in brackets):
 *   kfree() of an object already freed               double free     [double-free]
 *   kfree() of anything but a live object's start    invalid free    [invalid-free]
 *   a write before the start or past the end of an   red zone        [slab-out-of-bounds]
 *     object: found by kfree() or kmalloc_check()      overwritten
 *   a write into an object after kfree(): found when  use after free  [use-after-free]
 *     kmalloc() would hand it out again, or by kmalloc_check()
 *   an object's header overwritten                   metadata
 * Unlike KASAN, which instruments every access, these checks look at the bytes later:
 * a report says where the damage was found, and its backtrace is the finder's, not the
 * writer's. Reads out of bounds or after free are not caught; they return the poison
 * (0x6b6b6b6b) or red-zone bytes (0xcccccccc), which is itself a clue.
 *
 * Each report starts with "BUG: kmalloc: <what> in <function>(), called from <caller>",
 * gives the object, its size and cache and who allocated and freed it, says what was
 * done about it, and ends with a backtrace.
 */
#include <irqlab/irqflags.h>
#include <irqlab/kallsyms.h>
#include <irqlab/printk.h>
#include <irqlab/string.h>
#include <irqlab/vsprintf.h>
#include "kernel/shell/shell.h"
#include "slab.h"

extern char __kernel_start[], __kernel_end[];

u32 kmalloc_bug_count[NR_KMALLOC_BUGS];
u32 kmalloc_errors;

static const char *const kmalloc_bug_names[] = {
	[KMALLOC_BUG_DOUBLE_FREE]       = "double free",
	[KMALLOC_BUG_INVALID_FREE]      = "invalid free",
	[KMALLOC_BUG_REDZONE]           = "red zone overwritten",
	[KMALLOC_BUG_USE_AFTER_FREE]    = "use after free",
	[KMALLOC_BUG_METADATA]          = "object header overwritten",
};
_Static_assert(ARRAY_SIZE(kmalloc_bug_names) == NR_KMALLOC_BUGS, "one name per kmalloc bug");

void kmalloc_report(enum kmalloc_bug bug, const char *func, u32 caller, const char *fmt, ...)
{
	static const char rule[] =
		"==================================================================\n";
	char sym[96], msg[512];
	va_list ap;

	/* LOCKed adds: two caches' locks may be held by two CPUs reporting at once. */
	__atomic_add_fetch(&kmalloc_bug_count[bug], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&kmalloc_errors, 1, __ATOMIC_RELAXED);
	sprint_symbol(sym, sizeof(sym), caller);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	pr_err("%s", rule);
	pr_err("BUG: kmalloc: %s in %s(), called from %s\n", kmalloc_bug_names[bug], func, sym);
	for (char *line = msg, *nl; *line; line = nl + 1) {  /* one log line each */
		nl = strchr(line, '\n');
		if (!nl) {
			pr_err("%s\n", line);
			break;
		}
		*nl = '\0';
		pr_err("%s\n", line);
	}
	dump_stack();
	pr_err("%s", rule);
}

static void describe_into(char *buf, size_t len, const void *p)
{
	u32 a = (u32)p;
	struct page *page = virt_to_page(p);

	if (a < PAGE_SIZE)
		snprintf(buf, len, "in page 0, which is never mapped");
	else if (a >= (u32)boot_stack_bottom && a < (u32)boot_stack_top)
		snprintf(buf, len, "on the boot stack (a local variable?)");
	else if (a >= (u32)__kernel_start && a < (u32)__kernel_end)
		snprintf(buf, len, "in the kernel image (a global or static variable?)");
	else if (!page)
		snprintf(buf, len, "outside the RAM the page allocator manages");
	else if (page->flags & PG_stack)
		snprintf(buf, len, "on a thread stack (a local variable?)");
	else if (page->flags & PG_reserved)
		snprintf(buf, len, "in reserved memory (low memory, boot data or mem_map)");
	else if (page->flags & PG_slab) {
		struct kmem_cache *s = page->slab_cache;
		struct kmalloc_header *h = slot_of(s, p);
		u32 obj = h ? (u32)header_to_object(h) : 0;

		if (!h)
			snprintf(buf, len, "in the unused end of a %s slab", s->name);
		else if (a < obj)
			snprintf(buf, len, "in the header or red zone %u bytes before the "
				 "object at 0x%08x (cache %s)", obj - a, obj, s->name);
		else
			snprintf(buf, len, "%u byte%s inside the object at 0x%08x (cache %s)",
				 a - obj, a - obj == 1 ? "" : "s", obj, s->name);
	} else if (page->flags & PG_large_kmalloc)
		snprintf(buf, len, "%u bytes inside the kmalloc object at 0x%08lx", a & (PAGE_SIZE - 1),
			 (unsigned long)page_address(page));
	else if (page->flags & PG_head)
		snprintf(buf, len, "in a block from alloc_pages(): free it with free_pages()");
	else if (page->flags & PG_buddy)
		snprintf(buf, len, "in a free page (freed already?)");
	else
		snprintf(buf, len, "in a free page or inside a larger block (freed already?)");
}

const char *describe_address(char *buf, const void *p)
{
	describe_into(buf, DESCRIBE_ADDRESS_LEN, p);
	return buf;
}

void init_free_object(struct kmem_cache *s, struct kmalloc_header *h)
{
	u8 *obj = header_to_object(h);

	h->state = OBJ_FREE;
	memset(h->redzone, RED_INACTIVE, RED_LEFT_SIZE);
	memset(obj, POISON_FREE, s->object_size);
	memset(obj + s->object_size, RED_INACTIVE, RED_RIGHT_SIZE);
}

void init_live_object(struct kmem_cache *s, struct kmalloc_header *h, size_t size, u32 caller)
{
	u8 *obj = header_to_object(h);

	h->state = OBJ_LIVE;
	h->size = size;
	h->alloc_caller = caller;
	h->free_caller = 0;
	h->next_free = NULL;
	memset(h->redzone, RED_ACTIVE, RED_LEFT_SIZE);
	memset(obj + size, RED_ACTIVE, s->object_size - size + RED_RIGHT_SIZE);
}

/* Bytes of a slot that differ from what they should hold, counted from the object's
 * start (negative: the left red zone). */
struct damage {
	u32 n;
	int first, last;
};

static void scan(const u8 *obj, int from, int to, u8 expected, struct damage *d)
{
	for (int i = from; i < to; i++) {
		if (obj[i] == expected)
			continue;
		if (!d->n++)
			d->first = i;
		d->last = i;
	}
}

bool check_free_header(struct kmem_cache *s, struct kmalloc_header *h, const char *func,
		       u32 caller, const char *action)
{
	u32 base = (u32)page_address(slab_of(s, h));
	u32 next = (u32)h->next_free;
	bool next_ok = !next || (next >= base && next < base + s->objects * s->slot_size &&
				 (next - base) % s->slot_size == 0);

	if (h->state == OBJ_FREE && next_ok)
		return true;
	kmalloc_report(KMALLOC_BUG_METADATA, func, caller,
		       "The header of free object 0x%08x (cache %s) is overwritten (state "
		       "0x%08x, next 0x%08x): a write before the object, or past the end of the "
		       "one below it.\n%s\n", (u32)header_to_object(h), s->name, h->state, next,
		       action);
	return false;
}

bool check_free_poison(struct kmem_cache *s, struct kmalloc_header *h, const char *func,
		       u32 caller, const char *action)
{
	const u8 *obj = header_to_object(h);
	int size = s->object_size;
	struct damage d = { 0 };
	char sym[96];

	scan(obj, -RED_LEFT_SIZE, 0, RED_INACTIVE, &d);
	scan(obj, 0, size, POISON_FREE, &d);
	scan(obj, size, size + RED_RIGHT_SIZE, RED_INACTIVE, &d);
	if (!d.n)
		return true;
	sprint_symbol(sym, sizeof(sym), h->free_caller);
	kmalloc_report(KMALLOC_BUG_USE_AFTER_FREE, func, caller,
		       "Object 0x%08x (cache %s) was written after it was freed by %s:\n"
		       "%u byte(s) changed between offsets %+d and %+d (0x%02x at %+d).\n%s\n",
		       (u32)obj, s->name, sym, d.n, d.first, d.last, obj[d.first], d.first,
		       action);
	return false;
}

bool check_live_object(struct kmem_cache *s, struct kmalloc_header *h, const char *func,
		       u32 caller, const char *action)
{
	const u8 *obj = header_to_object(h);
	int size = h->size;
	struct damage before = { 0 }, after = { 0 };
	char sym[96], where[96];

	if (h->size == 0 || h->size > s->object_size) {
		kmalloc_report(KMALLOC_BUG_METADATA, func, caller,
			       "The header of object 0x%08x (cache %s) is overwritten (size %u).\n"
			       "%s\n", (u32)obj, s->name, h->size, action);
		return false;
	}
	scan(obj, -RED_LEFT_SIZE, 0, RED_ACTIVE, &before);
	scan(obj, size, s->object_size + RED_RIGHT_SIZE, RED_ACTIVE, &after);
	if (!before.n && !after.n)
		return true;
	if (before.n && after.n)
		snprintf(where, sizeof(where), "bytes %+d to %+d before its start and %+d to %+d "
			 "past its end", before.first, before.last, after.first, after.last);
	else if (before.n)
		snprintf(where, sizeof(where), "bytes %+d to %+d, before its start",
			 before.first, before.last);
	else
		snprintf(where, sizeof(where), "bytes %+d to %+d, past its end",
			 after.first, after.last);
	sprint_symbol(sym, sizeof(sym), h->alloc_caller);
	kmalloc_report(KMALLOC_BUG_REDZONE, func, caller,
		       "Object 0x%08x of %d bytes (cache %s), allocated by %s:\n"
		       "the red zone was written: %s.\n%s\n",
		       (u32)obj, size, s->name, sym, where, action);
	return false;
}

static unsigned int check_slab(struct kmem_cache *s, struct page *slab, u32 caller)
{
	static const char action[] = "Nothing is changed.";
	u8 *base = page_address(slab);
	unsigned int bad = 0;

	for (u32 i = 0; i < s->objects; i++) {
		struct kmalloc_header *h = (void *)(base + i * s->slot_size);

		if (h->state == OBJ_LIVE)
			bad += !check_live_object(s, h, "kmalloc_check", caller, action);
		else if (h->state == OBJ_FREE)
			bad += !check_free_header(s, h, "kmalloc_check", caller, action) ||
			       !check_free_poison(s, h, "kmalloc_check", caller, action);
		else if (h->state != OBJ_BAD) {
			kmalloc_report(KMALLOC_BUG_METADATA, "kmalloc_check", caller,
				       "The header of the object at 0x%08x (cache %s) is overwritten "
				       "(state 0x%08x).\n%s\n", (u32)header_to_object(h), s->name,
				       h->state, action);
			bad++;
		}
	}
	return bad;
}

unsigned int kmalloc_check(void)
{
	u32 caller = (u32)__builtin_return_address(0);
	unsigned int bad = 0;
	struct page *slab;
	unsigned long flags;

	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++) {
		struct kmem_cache *s = &kmalloc_caches[i];

		spin_lock_irqsave(&s->lock, flags);
		list_for_each_entry(slab, &s->partial, lru)
			bad += check_slab(s, slab, caller);
		list_for_each_entry(slab, &s->full, lru)
			bad += check_slab(s, slab, caller);
		spin_unlock_irqrestore(&s->lock, flags);
	}
	return bad;
}

static int cmd_slabcheck(int argc, char **argv)
{
	unsigned int bad;

	(void)argv;
	if (argc != 1)
		return shell_usage("slabcheck");
	bad = kmalloc_check();
	kprintf("slabcheck: %u damaged object(s) found; %u kmalloc error(s) reported since "
		"boot\n", bad, kmalloc_errors);
	return 0;
}
SHELL_CMD(slabcheck, "", "check the red zones and poison of every kmalloc object",
	  cmd_slabcheck);
