/* A reader for the flattened device tree the firmware passes in a1. */
#ifndef KITE_FDT_H
#define KITE_FDT_H

#include <types.h>

struct fdt_node {
	int offset;		/* of the FDT_BEGIN_NODE token in the struct block */
	int depth;		/* root = 0 */
	const char *name;	/* "cpu@0"; "" for the root */
	int addr_cells;		/* the parent's #address-cells, for this node's reg */
	int size_cells;
	int parent;		/* parent's offset, -1 for the root */
};

int fdt_init(const void *blob);
size_t fdt_total_size(void);
/* Calls fn for every node in document order; stops when fn returns non-zero. */
int fdt_walk(int (*fn)(const struct fdt_node *n, void *arg), void *arg);
const void *fdt_getprop(int node, const char *name, int *len);
bool fdt_node_is_compatible(int node, const char *compat);
bool fdt_node_is_enabled(int node);
uint32_t fdt_read_u32(const void *p);
uint64_t fdt_read_cells(const void *p, int cells);
bool fdt_get_reg(const struct fdt_node *n, int index, uint64_t *base, uint64_t *size);
/* Memory reservations from the header's reservation block. */
bool fdt_mem_rsv(int index, uint64_t *base, uint64_t *size);

#endif
