/*
 * virtio over MMIO (the "modern" interface, version 2) and split virtqueues.
 *
 * virtio.c finds the devices in the device tree's virtio-mmio slots, resets
 * them and negotiates features for a driver; a driver (virtio_blk.c) then sets
 * up its queues and hands chains of buffers to the device with virtq_submit().
 * The device's interrupt (routed to cpu 0) returns finished chains through the
 * queue's completion callback.
 *
 * Locking: vq->lock (a spinlock, taken in interrupt context too) protects the
 * descriptor free list, the cookies, the avail ring and last_used. A submitter
 * that finds too few free descriptors sleeps on vq->free_wq.
 */
#ifndef KITE_VIRTIO_H
#define KITE_VIRTIO_H

#include <types.h>
#include <spinlock.h>
#include <wait.h>

/* MMIO registers (virtio 1.x, section 4.2.2). */
#define VIRTIO_MMIO_MAGIC		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MMIO_MAGIC_VALUE		0x74726976	/* "virt" */
#define VIRTIO_MMIO_MODERN		2

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_FAILED		128

/* Interrupt status bits. */
#define VIRTIO_INT_USED_RING		1
#define VIRTIO_INT_CONFIG		2

/* Device-independent feature bits. */
#define VIRTIO_F_VERSION_1		32

/* Device types. */
#define VIRTIO_ID_BLOCK			2

/* Split virtqueue layout (section 2.7). */
#define VIRTQ_DESC_F_NEXT	1
#define VIRTQ_DESC_F_WRITE	2	/* the device writes this buffer */
#define VIRTQ_MAX_SIZE		128	/* our ceiling; the whole ring fits in one page */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};

struct virtio_dev;
struct virtq;

/* Called (in interrupt context, no lock held) for each chain the device finished. */
typedef void (*virtq_done_t)(struct virtq *vq, void *cookie, uint32_t len);

struct virtq {
	spinlock_t lock;
	struct virtio_dev *dev;		/* immutable after setup */
	uint16_t index;			/* immutable */
	uint16_t size;			/* immutable: descriptors in the ring */
	struct virtq_desc *desc;	/* immutable pointers into one page */
	struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint16_t free_head;		/* under lock: chain of free descriptors */
	uint16_t nr_free;		/* under lock */
	uint16_t last_used;		/* under lock: next used->ring slot to look at */
	void *cookies[VIRTQ_MAX_SIZE];	/* under lock: by head descriptor, NULL if free */
	virtq_done_t done;		/* immutable */
	struct waitq free_wq;		/* submitters waiting for descriptors */
};

/* One buffer of a chain: device-readable, or device-writable if writable. */
struct virtq_buf {
	void *addr;			/* a kernel address (direct map or image) */
	uint32_t len;
	bool writable;
};

struct virtio_dev {
	volatile uint8_t *regs;		/* immutable after probe */
	uint32_t device_id;
	uint32_t irq;
	int index;			/* the platform.virtio[] slot */
};

/* Probe every virtio-mmio slot and start the drivers we have. */
void virtio_init(void);

/* Feature negotiation: offer the wanted features the device has; 0 or -errno. */
int virtio_negotiate(struct virtio_dev *dev, uint64_t wanted, uint64_t *accepted);
uint32_t virtio_config_read32(struct virtio_dev *dev, unsigned off);
uint64_t virtio_config_read64(struct virtio_dev *dev, unsigned off);
/* Set up queue index; 0 or -errno. */
int virtq_setup(struct virtio_dev *dev, struct virtq *vq, uint16_t index, virtq_done_t done);
/* The device may run now; its interrupt handler drains the given queue. */
int virtio_start(struct virtio_dev *dev, struct virtq *vq);
/* Undo virtq_setup after a later set-up step failed: resets the device. */
void virtq_free(struct virtq *vq);
/* Queue a chain of n buffers; sleeps while the ring is full. cookie != NULL. */
int virtq_submit(struct virtq *vq, const struct virtq_buf *bufs, int n, void *cookie);

/* Drivers, started by virtio_init for their device type. */
int virtio_blk_probe(struct virtio_dev *dev);

#endif
