/*
 * Ticket spinlocks and the per-hart interrupt-disable nesting they use.
 *
 * A lock word holds two 16-bit counters: the next ticket to hand out (high
 * half) and the ticket now served (low half). Taking a ticket is one atomic
 * add; the holder releases by storing served + 1 into the low half only.
 */
#include <spinlock.h>
#include <sched.h>
#include <riscv.h>
#include <panic.h>
#include <smp.h>

#define TICKET_NEXT_ONE	(1U << 16)
#define SPINS_BEFORE_SLEEP 256

void
push_off(void)
{
	unsigned long old;
	struct cpu *c;

	__asm__ __volatile__("csrrc %0, sstatus, %1" : "=r"(old) : "r"(SSTATUS_SIE) : "memory");
	c = mycpu();
	if (c->noff++ == 0)
		c->intena = (old & SSTATUS_SIE) != 0;
}

void
pop_off(void)
{
	struct cpu *c = mycpu();

	BUG_ON(local_irq_enabled());
	BUG_ON(c->noff < 1);
	if (--c->noff == 0 && c->intena)
		local_irq_enable();
}

void
spin_init(spinlock_t *l, const char *name)
{
	l->tickets = 0;
	l->holder = 0;
	l->sleepers = 0;
	l->name = name;
}

bool
spin_is_held(spinlock_t *l)
{
	/* Only the holder writes its id there, and clears it before it releases. */
	return READ_ONCE(l->holder) == mycpu()->id + 1;
}

static bool
my_turn(spinlock_t *l, uint32_t ticket)
{
	return (__atomic_load_n(&l->tickets, __ATOMIC_ACQUIRE) & 0xffff) == ticket;
}

/*
 * Sleep until our ticket comes up. Advertising ourselves in ->sleepers and
 * then re-checking the ticket pairs with spin_unlock()'s release-then-read:
 * with full fences on both sides, either we see our turn or the unlocker sees
 * our bit and kicks us. WFI returns at once while an interrupt is pending;
 * a pending IPI is handled here so that the next WFI can sleep.
 */
static void
wait_for_turn(spinlock_t *l, uint32_t ticket)
{
	unsigned long bit = 1UL << mycpu()->id;

	__atomic_fetch_or(&l->sleepers, bit, __ATOMIC_SEQ_CST);
	while (!my_turn(l, ticket)) {
		wait_for_interrupt();
		if (csr_read(sip) & SIE_SSIE) {
			csr_clear(sip, SIE_SSIE);
			ipi_interrupt();
		}
	}
	__atomic_fetch_and(&l->sleepers, ~bit, __ATOMIC_SEQ_CST);
}

/* The contended case, out of line so the uncontended path saves no registers. */
static void __attribute__((noinline))
spin_wait(spinlock_t *l, uint32_t ticket)
{
	int spins = 0;

	while (!my_turn(l, ticket)) {
		if (++spins < SPINS_BEFORE_SLEEP) {
			cpu_relax();
			continue;
		}
		wait_for_turn(l, ticket);
	}
}

void
spin_lock(spinlock_t *l)
{
	uint32_t ticket;

	push_off();
	if (spin_is_held(l))
		panic("spin_lock: %s already held by this hart", l->name);
	ticket = __atomic_fetch_add(&l->tickets, TICKET_NEXT_ONE, __ATOMIC_ACQUIRE) >> 16;
	if (!my_turn(l, ticket))
		spin_wait(l, ticket);
	l->holder = mycpu()->id + 1;
}

bool
spin_trylock(spinlock_t *l)
{
	uint32_t old, served;

	push_off();
	old = __atomic_load_n(&l->tickets, __ATOMIC_RELAXED);
	served = old & 0xffff;
	if ((old >> 16) == served &&
	    __atomic_compare_exchange_n(&l->tickets, &old, old + TICKET_NEXT_ONE, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		l->holder = mycpu()->id + 1;
		return true;
	}
	pop_off();
	return false;
}

void
spin_unlock(spinlock_t *l)
{
	/* Little-endian: the served counter is the low halfword of the word. */
	uint16_t *served = (uint16_t *)&l->tickets;

	if (!spin_is_held(l))
		panic("spin_unlock: %s not held by this hart", l->name);
	l->holder = 0;
	__atomic_store_n(served, (uint16_t)(*served + 1), __ATOMIC_RELEASE);
	smp_mb();
	if (READ_ONCE(l->sleepers) != 0)
		smp_kick(READ_ONCE(l->sleepers));
	pop_off();
}
