/* uiomove: the one place file data crosses between kernel and caller buffers. */
#include <uio.h>
#include <uaccess.h>
#include <string.h>

int
uiomove(void *kbuf, size_t n, struct uio *uio)
{
	void *buf = (void *)uio->base;

	n = MIN(n, uio->resid);
	if (uio->user) {
		int error = uio->rw == UIO_READ ? copy_to_user(uio->base, kbuf, n) :
		    copy_from_user(kbuf, uio->base, n);

		if (error != 0)
			return error;
	} else if (uio->rw == UIO_READ) {
		memcpy(buf, kbuf, n);
	} else {
		memcpy(kbuf, buf, n);
	}
	uio->base += n;
	uio->resid -= n;
	return 0;
}
