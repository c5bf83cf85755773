/*
 * Count trailing zeros. The kernel is built for rv64imac, which has no
 * bit-manipulation instructions, so gcc calls __ctzdi2 for __builtin_ctzl
 * (signal numbers from pending masks, buddy orders); libgcc's takes about
 * 43 instructions, this one about 7. Defined here, it is the one the link
 * uses.
 *
 * x & -x keeps the lowest set bit; multiplied by a de Bruijn sequence its
 * top six bits are different for each of the 64 positions, and a table maps
 * them back. x = 0 is undefined, as for the builtin.
 */
#include <types.h>

#define DE_BRUIJN_64	0x022fdd63cc95386dUL

static const unsigned char position[64] = {
	0, 1, 2, 53, 3, 7, 54, 27, 4, 38, 41, 8, 34, 55, 48, 28,
	62, 5, 39, 46, 44, 42, 22, 9, 24, 35, 59, 56, 49, 18, 29, 11,
	63, 52, 6, 26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10,
	51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
};

int __ctzdi2(unsigned long x);

int
__ctzdi2(unsigned long x)
{
	return position[((x & -x) * DE_BRUIJN_64) >> 58];
}
