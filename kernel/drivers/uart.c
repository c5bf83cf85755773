/*
 * NS16550A UART: the console.
 *
 * Transmit: the writer waits for the Transmitter Holding Register to empty
 * before each byte (QEMU's model holds THRE clear while its backend is busy),
 * so characters are never lost however fast the kernel writes.
 * Receive: the "data ready" interrupt drains the RX FIFO into the receiver.
 */
#include <console.h>
#include <platform.h>
#include <memlayout.h>
#include <spinlock.h>
#include <irq.h>
#include <sbi.h>

#define UART_RBR	0	/* receive buffer (read) */
#define UART_THR	0	/* transmit holding (write) */
#define UART_IER	1	/* interrupt enable */
#define UART_FCR	2	/* FIFO control (write) */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */

#define IER_RX_AVAILABLE 0x01
#define FCR_ENABLE_FIFO	0x01
#define FCR_CLEAR_RX	0x02
#define FCR_CLEAR_TX	0x04
#define LCR_8N1		0x03
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20

#define RX_BUFFER_SIZE	256

static volatile uint8_t *uart_base;	/* NULL until console_init: use SBI */
static spinlock_t console_lock = SPINLOCK_INIT("console");

/* Input that arrived before anyone asked for it; under console_lock. */
static struct {
	char buf[RX_BUFFER_SIZE];
	unsigned head, tail;
	void (*receiver)(char c);
} rx;

static uint8_t
uart_read(int reg)
{
	return uart_base[reg << platform.uart_reg_shift];
}

static void
uart_write(int reg, uint8_t v)
{
	uart_base[reg << platform.uart_reg_shift] = v;
}

void
console_init(void)
{
	if (platform.uart.base == 0)
		return;
	uart_base = pa_to_kva(platform.uart.base);
	uart_write(UART_IER, 0);
	uart_write(UART_LCR, LCR_8N1);
	uart_write(UART_FCR, FCR_ENABLE_FIFO | FCR_CLEAR_RX | FCR_CLEAR_TX);
	uart_write(UART_MCR, MCR_DTR_RTS_OUT2);
}

static void
uart_putc(char c)
{
	while ((uart_read(UART_LSR) & LSR_THR_EMPTY) == 0)
		;
	uart_write(UART_THR, (uint8_t)c);
}

static void
put_chars(const char *s, size_t n)
{
	for (; n > 0; n--, s++) {
		if (uart_base == NULL) {
			if (*s == '\n')
				sbi_console_putc('\r');
			sbi_console_putc(*s);
			continue;
		}
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

void
console_write(const char *s, size_t n)
{
	spin_lock(&console_lock);
	put_chars(s, n);
	spin_unlock(&console_lock);
}

void
console_write_emergency(const char *s, size_t n)
{
	put_chars(s, n);
}

/*
 * Deliver characters to the receiver outside the console lock: the receiver
 * (the tty line discipline) may echo, which writes to the console.
 */
static void
uart_interrupt(void *arg)
{
	void (*receiver)(char);
	char c;

	for (;;) {
		spin_lock(&console_lock);
		if ((uart_read(UART_LSR) & LSR_DATA_READY) == 0) {
			spin_unlock(&console_lock);
			return;
		}
		c = (char)uart_read(UART_RBR);
		receiver = rx.receiver;
		if (receiver == NULL && rx.head - rx.tail < RX_BUFFER_SIZE)
			rx.buf[rx.head++ % RX_BUFFER_SIZE] = c;
		spin_unlock(&console_lock);
		if (receiver != NULL)
			receiver(c);
	}
}

void
console_set_receiver(void (*receiver)(char c))
{
	char pending[RX_BUFFER_SIZE];
	unsigned n = 0;

	spin_lock(&console_lock);
	rx.receiver = receiver;
	while (rx.tail != rx.head)
		pending[n++] = rx.buf[rx.tail++ % RX_BUFFER_SIZE];
	spin_unlock(&console_lock);
	for (unsigned i = 0; i < n; i++)
		receiver(pending[i]);
}

void
console_irq_init(void)
{
	if (uart_base == NULL)
		return;
	irq_register(platform.uart.irq, uart_interrupt, NULL, 0);
	uart_write(UART_IER, IER_RX_AVAILABLE);
}
