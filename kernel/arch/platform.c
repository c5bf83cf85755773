/*
 * Read the machine description out of the device tree: RAM, reserved
 * regions, harts, the timebase, the console UART, the PLIC and the
 * virtio-mmio slots. Nothing the tree says is assumed.
 */
#include <platform.h>
#include <fdt.h>
#include <string.h>
#include <random.h>
#include <panic.h>

#define IRQ_S_EXTERNAL	9

struct platform platform;

/* Scratch for the walk: hart ids in tree order and their interrupt controllers. */
static struct {
	unsigned long boot_hartid;
	int cpu_node[NR_CPUS];
	unsigned long hartid[NR_CPUS];
	uint32_t intc_phandle[NR_CPUS];
	int nr;
	int plic_node;
	int reserved_parent;
	int cpus_node;
} scan = { .plic_node = -1, .reserved_parent = -1, .cpus_node = -1 };

static bool
name_is(const struct fdt_node *n, const char *base)
{
	size_t len = strlen(base);

	return strncmp(n->name, base, len) == 0 &&
	    (n->name[len] == '\0' || n->name[len] == '@');
}

static void
note_memory(const struct fdt_node *n)
{
	uint64_t base, size;

	for (int i = 0; fdt_get_reg(n, i, &base, &size); i++) {
		if (platform.nr_mem < MAX_MEM_RANGES && size > 0)
			platform.mem[platform.nr_mem++] = (struct mem_range){ base, size };
	}
}

static void
note_reserved(const struct fdt_node *n)
{
	uint64_t base, size;

	for (int i = 0; fdt_get_reg(n, i, &base, &size); i++) {
		if (platform.nr_reserved < (int)ARRAY_SIZE(platform.reserved))
			platform.reserved[platform.nr_reserved++] = (struct mem_range){ base, size };
	}
}

static void
note_cpu(const struct fdt_node *n)
{
	uint64_t hartid, unused;
	const char *type = fdt_getprop(n->offset, "device_type", NULL);

	if (type == NULL || strcmp(type, "cpu") != 0 || !fdt_node_is_enabled(n->offset))
		return;
	if (!fdt_get_reg(n, 0, &hartid, &unused) || scan.nr >= NR_CPUS)
		return;
	scan.cpu_node[scan.nr] = n->offset;
	scan.hartid[scan.nr] = hartid;
	scan.nr++;
}

static void
note_cpu_intc(const struct fdt_node *n)
{
	const void *ph = fdt_getprop(n->offset, "phandle", NULL);

	for (int i = 0; i < scan.nr && ph != NULL; i++) {
		if (scan.cpu_node[i] == n->parent)
			scan.intc_phandle[i] = fdt_read_u32(ph);
	}
}

static void
note_mmio(const struct fdt_node *n, struct mmio_device *d)
{
	const void *irq = fdt_getprop(n->offset, "interrupts", NULL);

	fdt_get_reg(n, 0, &d->base, &d->size);
	d->irq = irq != NULL ? fdt_read_u32(irq) : 0;
}

static void
note_uart(const struct fdt_node *n)
{
	const void *p;

	if (platform.uart.base != 0)
		return;
	note_mmio(n, &platform.uart);
	p = fdt_getprop(n->offset, "clock-frequency", NULL);
	platform.uart_clock_hz = p != NULL ? fdt_read_u32(p) : 0;
	p = fdt_getprop(n->offset, "reg-shift", NULL);
	platform.uart_reg_shift = p != NULL ? fdt_read_u32(p) : 0;
}

/* The command line, and the firmware's random seed for the generator (QEMU gives 32 bytes). */
static void
note_chosen(const struct fdt_node *n)
{
	const char *args = fdt_getprop(n->offset, "bootargs", NULL);
	const void *seed;
	int len;

	if (args != NULL)
		strlcpy(platform.cmdline, args, sizeof(platform.cmdline));
	seed = fdt_getprop(n->offset, "rng-seed", &len);
	if (seed != NULL && len > 0)
		random_add_entropy(seed, len);
}

static int
visit(const struct fdt_node *n, void *arg)
{
	const void *p;

	if (n->depth == 1 && name_is(n, "memory"))
		note_memory(n);
	else if (n->depth == 1 && name_is(n, "reserved-memory"))
		scan.reserved_parent = n->offset;
	else if (n->parent >= 0 && n->parent == scan.reserved_parent)
		note_reserved(n);
	else if (n->depth == 1 && name_is(n, "cpus"))
		scan.cpus_node = n->offset;
	else if (n->parent >= 0 && n->parent == scan.cpus_node && name_is(n, "cpu"))
		note_cpu(n);
	else if (name_is(n, "interrupt-controller") && n->depth == 3)
		note_cpu_intc(n);
	else if (n->depth == 1 && name_is(n, "chosen"))
		note_chosen(n);
	else if (fdt_node_is_compatible(n->offset, "ns16550a"))
		note_uart(n);
	else if (fdt_node_is_compatible(n->offset, "riscv,plic0") ||
	    fdt_node_is_compatible(n->offset, "sifive,plic-1.0.0")) {
		note_mmio(n, &platform.plic);
		scan.plic_node = n->offset;
		p = fdt_getprop(n->offset, "riscv,ndev", NULL);
		platform.plic_ndev = p != NULL ? fdt_read_u32(p) : 0;
	} else if (fdt_node_is_compatible(n->offset, "google,goldfish-rtc")) {
		note_mmio(n, &platform.rtc);
	} else if (fdt_node_is_compatible(n->offset, "sifive,test0")) {
		note_mmio(n, &platform.test_finisher);
	} else if (fdt_node_is_compatible(n->offset, "virtio,mmio") &&
	    platform.nr_virtio < MAX_VIRTIO) {
		note_mmio(n, &platform.virtio[platform.nr_virtio++]);
	}
	if (n->offset == scan.cpus_node || (n->parent == scan.cpus_node && name_is(n, "cpu"))) {
		p = fdt_getprop(n->offset, "timebase-frequency", NULL);
		if (p != NULL)
			platform.timebase_hz = fdt_read_u32(p);
	}
	return 0;
}

/* Logical ids: the boot hart is cpu 0, the others follow in tree order. */
static void
assign_cpu_ids(void)
{
	int next = 1;

	platform.nr_harts = scan.nr;
	for (int i = 0; i < scan.nr; i++) {
		int id = scan.hartid[i] == scan.boot_hartid ? 0 : next++;

		if (id >= scan.nr)
			panic("platform: boot hart %lu not in the device tree", scan.boot_hartid);
		platform.hartids[id] = scan.hartid[i];
	}
}

static int
cpu_of_intc(uint32_t phandle)
{
	for (int i = 0; i < scan.nr; i++) {
		if (scan.intc_phandle[i] != phandle)
			continue;
		for (int id = 0; id < platform.nr_harts; id++) {
			if (platform.hartids[id] == scan.hartid[i])
				return id;
		}
	}
	return -1;
}

/* interrupts-extended: <intc-phandle irq> per PLIC context, in context order. */
static void
assign_plic_contexts(void)
{
	int len;
	const uint8_t *p;

	for (int i = 0; i < NR_CPUS; i++)
		platform.plic_context[i] = -1;
	if (scan.plic_node < 0)
		return;
	p = fdt_getprop(scan.plic_node, "interrupts-extended", &len);
	for (int ctx = 0; p != NULL && (ctx + 1) * 8 <= len; ctx++) {
		int cpu = cpu_of_intc(fdt_read_u32(p + 8 * ctx));

		if (cpu >= 0 && fdt_read_u32(p + 8 * ctx + 4) == IRQ_S_EXTERNAL)
			platform.plic_context[cpu] = ctx;
	}
}

void
platform_init(const void *fdt, unsigned long boot_hartid)
{
	if (fdt_init(fdt) != 0)
		panic("platform: no valid device tree at %p", fdt);
	scan.boot_hartid = boot_hartid;
	fdt_walk(visit, NULL);
	assign_cpu_ids();
	assign_plic_contexts();
	if (platform.nr_mem == 0)
		panic("platform: the device tree describes no memory");
	if (platform.timebase_hz == 0)
		panic("platform: the device tree gives no timebase-frequency");
}

/*
 * Words of the command line are separated by spaces: "key" or "key=value".
 * Copies the value ("" for a bare key) into buf; NULL when the key is absent.
 */
const char *
cmdline_get(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = platform.cmdline;

	while (*p != '\0') {
		const char *end;

		while (*p == ' ')
			p++;
		end = p;
		while (*end != '\0' && *end != ' ')
			end++;
		if (strncmp(p, key, klen) == 0 && (p[klen] == '=' || p + klen == end)) {
			const char *v = p[klen] == '=' ? p + klen + 1 : end;
			size_t vlen = MIN((size_t)(end - v), size - 1);

			memcpy(buf, v, vlen);
			buf[vlen] = '\0';
			return buf;
		}
		p = end;
	}
	return NULL;
}
