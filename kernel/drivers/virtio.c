/*
 * virtio-mmio transport and split virtqueues (virtio 1.x, sections 2.7 and 4.2).
 *
 * Discovery: every "virtio,mmio" slot of the device tree is probed; QEMU
 * creates eight on `virt` and leaves the unused ones with DeviceID 0. Only
 * the modern interface (Version 2) is driven: legacy devices are skipped.
 *
 * A queue lives in one zeroed page: the descriptor table, then the driver
 * ("avail") ring, then the device ("used") ring. Free descriptors form a chain
 * through their next fields, so taking n of them for a request is a walk
 * along that chain. The cookie of a request sits at its head descriptor's
 * index until the device hands the head back in the used ring.
 *
 * Ordering with the device: the descriptors and the avail ring entry must be
 * visible before avail->idx, and avail->idx before the notify register is
 * written (io_mb); after an interrupt, used->idx is read before the entries
 * it covers (smp_rmb).
 *
 * Locking: vq->lock (spinlock, also taken by the interrupt handler on cpu 0)
 * protects the free chain, cookies, avail ring and last_used; a submitter
 * sleeps on vq->free_wq while fewer descriptors than it needs are free.
 */
#include <virtio.h>
#include <platform.h>
#include <memlayout.h>
#include <mm.h>
#include <slab.h>
#include <irq.h>
#include <errno.h>
#include <printk.h>
#include <riscv.h>

/* Orders memory accesses against device register accesses. */
#define io_mb()	__asm__ __volatile__("fence iorw, iorw" ::: "memory")

#define IRQ_CPU	0	/* every virtio interrupt is taken on the boot hart */

/* Ring offsets in the queue's page (alignments 16, 2 and 4 bytes). */
#define VIRTQ_AVAIL_OFF(size)	((size) * sizeof(struct virtq_desc))
#define VIRTQ_USED_OFF(size) \
	ALIGN_UP(VIRTQ_AVAIL_OFF(size) + sizeof(struct virtq_avail) + \
	    ((size) + 1) * sizeof(uint16_t), 4)
#define VIRTQ_END(size) \
	(VIRTQ_USED_OFF(size) + sizeof(struct virtq_used) + \
	    (size) * sizeof(struct virtq_used_elem) + sizeof(uint16_t))

_Static_assert(VIRTQ_END(VIRTQ_MAX_SIZE) <= PAGE_SIZE, "a virtqueue must fit in a page");

static uint32_t
reg_read(struct virtio_dev *dev, unsigned off)
{
	return *(volatile uint32_t *)(dev->regs + off);
}

static void
reg_write(struct virtio_dev *dev, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(dev->regs + off) = v;
}

static void
set_status(struct virtio_dev *dev, uint32_t bits)
{
	reg_write(dev, VIRTIO_MMIO_STATUS, reg_read(dev, VIRTIO_MMIO_STATUS) | bits);
}

/* Writing 0 resets; the device says it is done by reading back 0. */
static void
reset(struct virtio_dev *dev)
{
	reg_write(dev, VIRTIO_MMIO_STATUS, 0);
	while (reg_read(dev, VIRTIO_MMIO_STATUS) != 0)
		cpu_relax();
}

int
virtio_negotiate(struct virtio_dev *dev, uint64_t wanted, uint64_t *accepted)
{
	uint64_t offered;

	reg_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	offered = (uint64_t)reg_read(dev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	reg_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered |= reg_read(dev, VIRTIO_MMIO_DEVICE_FEATURES);
	if ((offered & (1UL << VIRTIO_F_VERSION_1)) == 0)
		return -EINVAL;

	*accepted = (offered & wanted) | (1UL << VIRTIO_F_VERSION_1);
	reg_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(*accepted >> 32));
	reg_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)*accepted);
	set_status(dev, VIRTIO_STATUS_FEATURES_OK);
	/* The device clears FEATURES_OK if it cannot work with our subset. */
	if ((reg_read(dev, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) == 0)
		return -EIO;
	return 0;
}

uint32_t
virtio_config_read32(struct virtio_dev *dev, unsigned off)
{
	return reg_read(dev, VIRTIO_MMIO_CONFIG + off);
}

/* A 64-bit field is two reads; the generation counter tells us they match. */
uint64_t
virtio_config_read64(struct virtio_dev *dev, unsigned off)
{
	uint32_t gen, lo, hi;

	do {
		gen = reg_read(dev, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = virtio_config_read32(dev, off);
		hi = virtio_config_read32(dev, off + 4);
	} while (gen != reg_read(dev, VIRTIO_MMIO_CONFIG_GENERATION));
	return (uint64_t)hi << 32 | lo;
}

static void
write_addr(struct virtio_dev *dev, unsigned low, paddr_t pa)
{
	reg_write(dev, low, (uint32_t)pa);
	reg_write(dev, low + 4, (uint32_t)(pa >> 32));
}

/* The largest power of two <= n: split rings must have a power-of-two size. */
static uint16_t
pow2_floor(uint32_t n)
{
	uint16_t size = 1;

	while ((uint32_t)size * 2 <= n)
		size *= 2;
	return size;
}

int
virtq_setup(struct virtio_dev *dev, struct virtq *vq, uint16_t index, virtq_done_t done)
{
	uint32_t max;
	struct page *page;
	char *base;

	reg_write(dev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (reg_read(dev, VIRTIO_MMIO_QUEUE_READY) != 0)
		return -EBUSY;
	max = reg_read(dev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (max == 0)
		return -ENOENT;
	if ((page = alloc_pages(0, ALLOC_ZERO)) == NULL)
		return -ENOMEM;

	spin_init(&vq->lock, "virtq");
	waitq_init(&vq->free_wq);
	vq->dev = dev;
	vq->index = index;
	vq->size = pow2_floor(MIN(max, VIRTQ_MAX_SIZE));
	base = page_address(page);
	vq->desc = (struct virtq_desc *)base;
	vq->avail = (struct virtq_avail *)(base + VIRTQ_AVAIL_OFF(vq->size));
	vq->used = (struct virtq_used *)(base + VIRTQ_USED_OFF(vq->size));
	for (uint16_t i = 0; i < vq->size; i++) {
		vq->desc[i].next = i + 1;
		vq->cookies[i] = NULL;
	}
	vq->free_head = 0;
	vq->nr_free = vq->size;
	vq->last_used = 0;
	vq->done = done;

	reg_write(dev, VIRTIO_MMIO_QUEUE_NUM, vq->size);
	write_addr(dev, VIRTIO_MMIO_QUEUE_DESC_LOW, kva_to_pa(vq->desc));
	write_addr(dev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, kva_to_pa(vq->avail));
	write_addr(dev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, kva_to_pa((void *)vq->used));
	reg_write(dev, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void
virtq_free(struct virtq *vq)
{
	/* The reset stops the device before its rings go back to the allocator. */
	reset(vq->dev);
	free_pages(virt_to_page(vq->desc), 0);
}

int
virtq_submit(struct virtq *vq, const struct virtq_buf *bufs, int n, void *cookie)
{
	uint16_t head, i, last = 0;

	if (n <= 0 || n > vq->size || cookie == NULL)
		return -EINVAL;
	spin_lock(&vq->lock);
	wait_event_locked(&vq->free_wq, vq->nr_free >= n, &vq->lock);

	/* The first n links of the free chain become the request's chain. */
	head = i = vq->free_head;
	for (int k = 0; k < n; k++) {
		struct virtq_desc *d = &vq->desc[i];

		d->addr = kva_to_pa(bufs[k].addr);
		d->len = bufs[k].len;
		d->flags = bufs[k].writable ? VIRTQ_DESC_F_WRITE : 0;
		if (k < n - 1)
			d->flags |= VIRTQ_DESC_F_NEXT;
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->nr_free -= n;
	vq->cookies[head] = cookie;

	vq->avail->ring[vq->avail->idx % vq->size] = head;
	smp_wmb();
	WRITE_ONCE(vq->avail->idx, vq->avail->idx + 1);
	io_mb();
	reg_write(vq->dev, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
	spin_unlock(&vq->lock);
	return 0;
}

/* Return the chain starting at head to the free chain. Called with vq->lock. */
static void
free_chain(struct virtq *vq, uint16_t head)
{
	uint16_t i = head, n = 1;

	while ((vq->desc[i].flags & VIRTQ_DESC_F_NEXT) != 0 && n < vq->size) {
		i = vq->desc[i].next;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->nr_free += n;
}

/*
 * Take one finished chain off the used ring; false when there is none. A
 * used entry naming a descriptor that is not the head of a request in
 * flight is a device bug: it is reported and skipped, not trusted.
 */
static bool
pop_used(struct virtq *vq, void **cookie, uint32_t *len)
{
	struct virtq_used_elem e;

	spin_lock(&vq->lock);
	if (vq->last_used == READ_ONCE(vq->used->idx)) {
		spin_unlock(&vq->lock);
		return false;
	}
	smp_rmb();
	e = vq->used->ring[vq->last_used % vq->size];
	vq->last_used++;
	*cookie = NULL;
	if (e.id < vq->size && vq->cookies[e.id] != NULL) {
		*cookie = vq->cookies[e.id];
		*len = e.len;
		vq->cookies[e.id] = NULL;
		free_chain(vq, (uint16_t)e.id);
	}
	spin_unlock(&vq->lock);
	if (*cookie == NULL)
		printk("virtio%d: bogus used descriptor %u\n", vq->dev->index, e.id);
	return true;
}

static void
virtio_interrupt(void *arg)
{
	struct virtq *vq = arg;
	struct virtio_dev *dev = vq->dev;
	uint32_t status;
	void *cookie;
	uint32_t len;

	status = reg_read(dev, VIRTIO_MMIO_INTERRUPT_STATUS);
	reg_write(dev, VIRTIO_MMIO_INTERRUPT_ACK, status);
	io_mb();
	if ((status & VIRTIO_INT_USED_RING) == 0)
		return;
	while (pop_used(vq, &cookie, &len)) {
		if (cookie == NULL)
			continue;
		wake_up_all(&vq->free_wq);
		vq->done(vq, cookie, len);
	}
}

/* One queue per device is all virtio-blk needs; it is the interrupt's argument. */
int
virtio_start(struct virtio_dev *dev, struct virtq *vq)
{
	if (irq_register(dev->irq, virtio_interrupt, vq, IRQ_CPU) != 0)
		return -EINVAL;
	set_status(dev, VIRTIO_STATUS_DRIVER_OK);
	return 0;
}

/* Identify slot i; a device struct for a modern device that is present, or NULL. */
static struct virtio_dev *
probe_slot(int i)
{
	const struct mmio_device *slot = &platform.virtio[i];
	struct virtio_dev *dev;
	volatile uint32_t *regs = pa_to_kva(slot->base);

	if (regs[VIRTIO_MMIO_MAGIC / 4] != VIRTIO_MMIO_MAGIC_VALUE ||
	    regs[VIRTIO_MMIO_DEVICE_ID / 4] == 0)
		return NULL;
	if (regs[VIRTIO_MMIO_VERSION / 4] != VIRTIO_MMIO_MODERN) {
		printk("virtio%d: legacy interface (version %u) not supported\n", i,
		    regs[VIRTIO_MMIO_VERSION / 4]);
		return NULL;
	}
	if ((dev = kzalloc(sizeof(*dev))) == NULL)
		return NULL;
	dev->regs = (volatile uint8_t *)regs;
	dev->device_id = regs[VIRTIO_MMIO_DEVICE_ID / 4];
	dev->irq = slot->irq;
	dev->index = i;
	return dev;
}

void
virtio_init(void)
{
	for (int i = 0; i < platform.nr_virtio; i++) {
		struct virtio_dev *dev = probe_slot(i);
		int err = -ENODEV;

		if (dev == NULL)
			continue;
		reset(dev);
		set_status(dev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
		if (dev->device_id == VIRTIO_ID_BLOCK)
			err = virtio_blk_probe(dev);
		if (err == 0)
			continue;
		printk("virtio%d: device type %u: %s (%d)\n", i, dev->device_id,
		    err == -ENODEV ? "no driver" : "set-up failed", err);
		set_status(dev, VIRTIO_STATUS_FAILED);
		kfree(dev);
	}
}
