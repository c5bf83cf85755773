/*
 * Flattened device tree (DTB, version 17) reader. Big-endian throughout.
 * Only reading: the kernel never modifies the tree.
 */
#include <fdt.h>
#include <string.h>

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define MAX_DEPTH	16

struct fdt_header {
	uint32_t magic, totalsize, off_dt_struct, off_dt_strings;
	uint32_t off_mem_rsvmap, version, last_comp_version;
	uint32_t boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

static const uint8_t *blob;
static const uint8_t *structs;
static const char *strings;
static uint32_t struct_size;

static uint32_t
be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	    ((uint32_t)b[2] << 8) | b[3];
}

uint32_t
fdt_read_u32(const void *p)
{
	return be32(p);
}

uint64_t
fdt_read_cells(const void *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | be32((const uint8_t *)p + 4 * i);
	return v;
}

int
fdt_init(const void *dtb)
{
	const struct fdt_header *h = dtb;

	if (be32(&h->magic) != FDT_MAGIC || be32(&h->version) < 16)
		return -1;
	blob = dtb;
	structs = blob + be32(&h->off_dt_struct);
	strings = (const char *)blob + be32(&h->off_dt_strings);
	struct_size = be32(&h->size_dt_struct);
	return 0;
}

size_t
fdt_total_size(void)
{
	return be32(&((const struct fdt_header *)blob)->totalsize);
}

bool
fdt_mem_rsv(int index, uint64_t *base, uint64_t *size)
{
	const uint8_t *p = blob + be32(&((const struct fdt_header *)blob)->off_mem_rsvmap);

	p += 16 * index;
	*base = fdt_read_cells(p, 2);
	*size = fdt_read_cells(p + 8, 2);
	return *base != 0 || *size != 0;
}

static uint32_t
align4(uint32_t off)
{
	return (off + 3) & ~3U;
}

/* Offset just past the token at off (a BEGIN_NODE's name, a PROP's value). */
static uint32_t
skip_token(uint32_t off)
{
	uint32_t tok = be32(structs + off);

	off += 4;
	if (tok == FDT_BEGIN_NODE)
		return align4(off + strlen((const char *)structs + off) + 1);
	if (tok == FDT_PROP)
		return align4(off + 8 + be32(structs + off));
	return off;
}

const void *
fdt_getprop(int node, const char *name, int *len)
{
	uint32_t off = skip_token(node);

	for (;;) {
		uint32_t tok = be32(structs + off);

		if (tok == FDT_NOP) {
			off += 4;
			continue;
		}
		if (tok != FDT_PROP)
			return NULL;
		if (strcmp(strings + be32(structs + off + 8), name) == 0) {
			if (len != NULL)
				*len = (int)be32(structs + off + 4);
			return structs + off + 12;
		}
		off = skip_token(off);
	}
}

static int
prop_u32_or(int node, const char *name, int dflt)
{
	const void *p = fdt_getprop(node, name, NULL);

	return p != NULL ? (int)be32(p) : dflt;
}

int
fdt_walk(int (*fn)(const struct fdt_node *, void *), void *arg)
{
	int addr_cells[MAX_DEPTH + 1], size_cells[MAX_DEPTH + 1], parents[MAX_DEPTH + 1];
	int depth = 0;
	uint32_t off = 0;

	/* The root's reg (if any) uses the defaults 2 and 1. */
	addr_cells[0] = 2;
	size_cells[0] = 1;
	parents[0] = -1;
	while (off < struct_size) {
		uint32_t tok = be32(structs + off);
		struct fdt_node n;
		int r;

		switch (tok) {
		case FDT_BEGIN_NODE:
			if (depth >= MAX_DEPTH)
				return -1;
			n.offset = (int)off;
			n.depth = depth;
			n.name = (const char *)structs + off + 4;
			n.addr_cells = addr_cells[depth];
			n.size_cells = size_cells[depth];
			n.parent = parents[depth];
			r = fn(&n, arg);
			if (r != 0)
				return r;
			depth++;
			addr_cells[depth] = prop_u32_or(n.offset, "#address-cells", 2);
			size_cells[depth] = prop_u32_or(n.offset, "#size-cells", 1);
			parents[depth] = n.offset;
			break;
		case FDT_END_NODE:
			depth--;
			break;
		case FDT_END:
			return 0;
		default:
			break;
		}
		off = skip_token(off);
	}
	return 0;
}

bool
fdt_node_is_compatible(int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(node, "compatible", &len);

	while (p != NULL && len > 0) {
		size_t n = strnlen(p, len);

		if (strcmp(p, compat) == 0)
			return true;
		p += n + 1;
		len -= (int)n + 1;
	}
	return false;
}

bool
fdt_node_is_enabled(int node)
{
	const char *status = fdt_getprop(node, "status", NULL);

	return status == NULL || strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

bool
fdt_get_reg(const struct fdt_node *n, int index, uint64_t *base, uint64_t *size)
{
	int len, stride = 4 * (n->addr_cells + n->size_cells);
	const uint8_t *p = fdt_getprop(n->offset, "reg", &len);

	if (p == NULL || stride == 0 || (index + 1) * stride > len)
		return false;
	p += index * stride;
	*base = fdt_read_cells(p, n->addr_cells);
	*size = n->size_cells ? fdt_read_cells(p + 4 * n->addr_cells, n->size_cells) : 0;
	return true;
}
