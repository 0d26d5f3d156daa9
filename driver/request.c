// SPDX-License-Identifier: GPL-2.0
/*
 * Refusing a request: one kernel-log line and the same sentence in the
 * caller's message buffer, so the CLI can print why instead of a bare errno.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>

#include "hypercall.h"
#include "jailhouse.h"

int jailhouse_request_init(struct jailhouse_request *req, const char *what,
			   const struct jailhouse_msg_buf *msg)
{
	req->what = what;
	memset(&req->msg, 0, sizeof(req->msg));
	/*
	 * A half-given buffer cannot receive the sentence, so the log line is
	 * all the caller gets; that is why the buffer is checked first.
	 */
	if ((msg->ptr == 0) != (msg->size == 0))
		return jailhouse_refuse(
			req, -EINVAL,
			"%s: message buffer needs both a pointer and a size, or neither",
			what);
	if (msg->reserved)
		return jailhouse_refuse(
			req, -EINVAL,
			"%s: message buffer reserved field is not zero", what);
	req->msg = *msg;
	return 0;
}

int jailhouse_refuse(struct jailhouse_request *req, int err, const char *fmt,
		     ...)
{
	char sentence[JAILHOUSE_MSG_MAX];
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(sentence, sizeof(sentence), fmt, ap);
	va_end(ap);
	pr_err("%s\n", sentence);

	if (!req->msg.ptr)
		return err;
	len = min_t(size_t, strlen(sentence) + 1, req->msg.size);
	len = min_t(size_t, len, JAILHOUSE_MSG_MAX);
	sentence[len - 1] = '\0';
	/*
	 * A buffer we cannot write to does not change the answer: the caller
	 * learns the original errno, and the log line has the sentence.
	 */
	if (copy_to_user(u64_to_user_ptr(req->msg.ptr), sentence, len))
		pr_err("%s: message buffer at 0x%llx is not writable\n",
		       req->what, req->msg.ptr);
	return err;
}

long jailhouse_call_request(struct jailhouse_request *req, unsigned long code,
			    unsigned long arg1)
{
	char *hv_msg = kzalloc(JAILHOUSE_MSG_MAX, GFP_KERNEL);
	long result;
	int err;

	/* The hypervisor keeps the sentence per CPU: ask on the same one. */
	get_cpu();
	result = jailhouse_call_arg2(code, arg1, 0);
	if (result < 0 && hv_msg)
		jailhouse_call_arg2(JAILHOUSE_HC_GET_ERROR_MSG,
				    virt_to_phys(hv_msg), JAILHOUSE_MSG_MAX);
	put_cpu();

	if (result >= 0) {
		kfree(hv_msg);
		return result;
	}
	err = result < -MAX_ERRNO ? -EIO : (int)result;
	if (hv_msg && hv_msg[0]) {
		hv_msg[JAILHOUSE_MSG_MAX - 1] = '\0';
		jailhouse_refuse(req, err, "%s", hv_msg);
	} else {
		jailhouse_refuse(
			req, err,
			"%s: the hypervisor refused (error %ld) without saying why",
			req->what, result);
	}
	kfree(hv_msg);
	return err;
}
