/*
 * virtio-blk (virtio 1.x, section 5.2): disks named vda, vdb... in the order
 * their slots appear in the device tree.
 *
 * A request is a chain of three buffers: the header (type, sector), the data
 * and the one-byte status the device writes last. The request lives on the
 * requester's stack; the requester sleeps until the interrupt handler has
 * marked it done. Several requests may be in flight at once, from any hart.
 *
 * Completion and lifetime: once req->done is set, the requester may return
 * and its stack frame vanish, so the handler touches nothing of the request
 * after setting done; it wakes the disk's done_wq, which outlives every
 * request. All waiters of a disk share done_wq and each re-checks its own
 * flag (a wake-up may be for a neighbour's request).
 *
 * Locking: the virtqueue's own lock (virtio.h); done flags are written once
 * by the handler with release and read with acquire by their requester.
 */
#include <virtio.h>
#include <blk.h>
#include <vfs.h>
#include <slab.h>
#include <printk.h>
#include <string.h>
#include <errno.h>
#include <atomic.h>

/* Feature bits. */
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_FLUSH	9

/* Configuration space. */
#define VIRTIO_BLK_CFG_CAPACITY	0	/* in 512-byte sectors, 64 bits */

/* Request types and status values. */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_UNSUPP	2
#define STATUS_PENDING		0xff	/* not a value the device writes */

/* Linux gives virtio disks a dynamic major (usually 254) and 16 minors each. */
#define VIRTBLK_MAJOR		254
#define VIRTBLK_MINORS		16
#define MAX_DISKS		26	/* vda .. vdz */

struct virtio_blk {
	struct blk_dev blk;
	struct virtio_dev *vdev;	/* immutable */
	bool can_flush;			/* immutable: VIRTIO_BLK_F_FLUSH negotiated */
	struct virtq vq;
	struct waitq done_wq;		/* requesters waiting for their request */
};

struct blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* Aligned so that the header never straddles a page boundary. */
struct blk_request {
	struct blk_req_hdr hdr;
	uint8_t status;		/* written by the device */
	bool done;		/* written by the interrupt handler (release) */
} __aligned(32);

static int nr_disks;		/* boot hart only, during virtio_init */

static void
request_done(struct virtq *vq, void *cookie, uint32_t len)
{
	struct virtio_blk *vb = container_of(vq, struct virtio_blk, vq);
	struct blk_request *req = cookie;

	smp_store_release(&req->done, true);
	wake_up_all(&vb->done_wq);
}

static int
do_request(struct virtio_blk *vb, uint32_t type, uint64_t sector, void *buf, size_t len)
{
	struct blk_request req = {
		.hdr = { .type = type, .sector = sector },
		.status = STATUS_PENDING,
	};
	struct virtq_buf bufs[3];
	int n = 0, err;

	bufs[n++] = (struct virtq_buf){ &req.hdr, sizeof(req.hdr), false };
	if (len > 0)
		bufs[n++] = (struct virtq_buf){ buf, (uint32_t)len, type == VIRTIO_BLK_T_IN };
	bufs[n++] = (struct virtq_buf){ &req.status, sizeof(req.status), true };
	if ((err = virtq_submit(&vb->vq, bufs, n, &req)) != 0)
		return err;
	wait_event(&vb->done_wq, smp_load_acquire(&req.done));

	if (req.status == VIRTIO_BLK_S_OK)
		return 0;
	if (req.status == VIRTIO_BLK_S_UNSUPP)
		return -EOPNOTSUPP;
	printk("%s: %s of sector %lu failed (status %u)\n", vb->blk.name,
	    type == VIRTIO_BLK_T_OUT ? "write" : "read", sector, req.status);
	return -EIO;
}

/* Requests larger than this are split: the data length is a 32-bit field. */
#define MAX_REQUEST_SECTORS	(1U << 20)

static int
vblk_transfer(struct blk_dev *dev, uint64_t sector, void *buf, size_t nsect, bool write)
{
	struct virtio_blk *vb = dev->private;
	uint32_t type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	int err = 0;

	while (nsect > 0 && err == 0) {
		size_t n = MIN(nsect, MAX_REQUEST_SECTORS);

		err = do_request(vb, type, sector, buf, n << SECTOR_SHIFT);
		sector += n;
		buf = (char *)buf + (n << SECTOR_SHIFT);
		nsect -= n;
	}
	return err;
}

/* Without VIRTIO_BLK_F_FLUSH the device promises a write-through cache. */
static int
vblk_flush(struct blk_dev *dev)
{
	struct virtio_blk *vb = dev->private;

	if (!vb->can_flush)
		return 0;
	return do_request(vb, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}

static const struct blk_ops vblk_ops = {
	.transfer = vblk_transfer,
	.flush = vblk_flush,
};

int
virtio_blk_probe(struct virtio_dev *vdev)
{
	struct virtio_blk *vb;
	uint64_t features;
	int err;

	if (nr_disks == MAX_DISKS)
		return -ENOSPC;
	err = virtio_negotiate(vdev, 1UL << VIRTIO_BLK_F_RO | 1UL << VIRTIO_BLK_F_FLUSH,
	    &features);
	if (err != 0)
		return err;
	if ((vb = kzalloc(sizeof(*vb))) == NULL)
		return -ENOMEM;
	vb->vdev = vdev;
	vb->can_flush = (features & (1UL << VIRTIO_BLK_F_FLUSH)) != 0;
	waitq_init(&vb->done_wq);
	snprintf(vb->blk.name, sizeof(vb->blk.name), "vd%c", 'a' + nr_disks);
	vb->blk.devno = MKDEV(VIRTBLK_MAJOR, nr_disks * VIRTBLK_MINORS);
	vb->blk.nr_sectors = virtio_config_read64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	vb->blk.read_only = (features & (1UL << VIRTIO_BLK_F_RO)) != 0;
	vb->blk.ops = &vblk_ops;
	vb->blk.private = vb;

	if ((err = virtq_setup(vdev, &vb->vq, 0, request_done)) != 0)
		goto fail_free;
	if ((err = virtio_start(vdev, &vb->vq)) != 0)
		goto fail_queue;
	if ((err = blk_register(&vb->blk)) != 0)
		goto fail_queue;
	nr_disks++;
	printk("%s: virtio-blk, %lu sectors (%lu MiB)%s%s, irq %u\n", vb->blk.name,
	    vb->blk.nr_sectors, vb->blk.nr_sectors >> (20 - SECTOR_SHIFT),
	    vb->blk.read_only ? ", read-only" : "", vb->can_flush ? ", flush" : "",
	    vdev->irq);
	return 0;

fail_queue:
	virtq_free(&vb->vq);
fail_free:
	kfree(vb);
	return err;
}
